import 'server-only';
import { headers } from 'next/headers';
import type { Logger } from 'pino';
import { logger } from '@/server/logging/logger';
import { requestIdFrom } from '@/server/logging/request-id';

/** The current request's id (set by proxy.ts or the TLS proxy in front), or a fresh one. */
export async function currentRequestId(): Promise<string> {
  return requestIdFrom(await headers());
}

/** A child of the process logger carrying the current request's id; outside a request, the logger itself. */
export async function requestLogger(): Promise<Logger> {
  try {
    return logger().child({ requestId: await currentRequestId() });
  } catch {
    return logger(); // headers() outside a request (a timer, a startup task)
  }
}
