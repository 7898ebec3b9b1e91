import 'server-only';
import { headers } from 'next/headers';
import { cameFromOwnPage } from '@/server/request/same-origin';

/** Where a request for a logged read came from: one of the gateway's own pages, or anywhere else. */
export type TReadArrival = 'own-page' | 'elsewhere';

/** The arrival of the request being rendered (a page). */
export async function readArrival(): Promise<TReadArrival> {
  return cameFromOwnPage(await headers()) ? 'own-page' : 'elsewhere';
}

/**
 * What a logged read answers when it was asked for from elsewhere: nothing was read and nothing
 * logged; the page asks the person to confirm with a button (docs/decisions/0052).
 */
export const READ_TO_CONFIRM = Object.freeze({ confirmRead: true as const });
export type TReadToConfirm = typeof READ_TO_CONFIRM;
