import 'server-only';
import { Prisma } from '@/server/db/generated/client';

// Socket errors of a server that is down or went away, and SQLSTATEs of class 08 (connection exception)
// and 57P01-57P03 (administrator or crash shutdown, server starting up or shutting down).
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const SHUTDOWN_STATES = new Set(['57P01', '57P02', '57P03']);
// node-postgres reports a connection closed under a query by message only.
const LOST_CONNECTION = /^Connection terminated|^Client has encountered a connection error|^timeout exceeded when trying to connect/;
// Prisma's own codes for an unreachable or closed database server.
const PRISMA_UNREACHABLE = new Set(['P1001', 'P1002', 'P1017']);

function matches(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, message, originalCode } = error as { code?: unknown; message?: unknown; originalCode?: unknown };
  for (const value of [code, originalCode]) {
    if (typeof value !== 'string') continue;
    if (SOCKET_CODES.has(value) || SHUTDOWN_STATES.has(value) || /^08[0-9A-Z]{3}$/.test(value)) return true;
  }
  if (error instanceof Prisma.PrismaClientKnownRequestError && PRISMA_UNREACHABLE.has(error.code)) return true;
  if (error instanceof Prisma.PrismaClientInitializationError) return true;
  return typeof message === 'string' && LOST_CONNECTION.test(message);
}

/**
 * Whether a query failed because the database could not be reached or went away (a restart, a
 * failover), not because of the query: worth "try again shortly" (503) rather than an error page. The
 * error itself, its `cause` chain and a Prisma driver-adapter error's cause are looked at.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 5; depth++) {
    if (matches(current)) return true;
    const adapter = (current as { meta?: { driverAdapterError?: { cause?: unknown } } }).meta?.driverAdapterError?.cause;
    if (adapter && matches(adapter)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
