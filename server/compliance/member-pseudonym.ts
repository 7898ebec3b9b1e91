import 'server-only';
import { createHmac } from 'node:crypto';
import { env } from '@/server/env';

/**
 * How the compliance area names a member: a short keyed hash of the account id ("P-3F9A-1C2B"), the
 * same on every page, so entries can be told apart and grouped without showing who the person is.
 * Keyed with GATEWAY_SECRET so that it cannot be computed from an account id outside the gateway.
 */
export function memberPseudonym(accountId: string): string {
  const digest = createHmac('sha256', env().GATEWAY_SECRET).update(`member-pseudonym:${accountId}`).digest('hex').toUpperCase();
  return `P-${digest.slice(0, 4)}-${digest.slice(4, 8)}`;
}
