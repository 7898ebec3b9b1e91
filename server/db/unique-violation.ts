import 'server-only';
import { Prisma } from '@/server/db/generated/client';

/**
 * Whether a query failed on a unique constraint: P2002 from Prisma's own queries, P2010 carrying the
 * driver's SQLSTATE 23505 from raw SQL, or SQLSTATE 23505 itself from a direct statement.
 */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return (error as { code?: unknown } | null)?.code === '23505';
  if (error.code === 'P2002') return true;
  const cause = (error.meta as { driverAdapterError?: { cause?: { originalCode?: string } } } | undefined)?.driverAdapterError?.cause;
  return error.code === 'P2010' && cause?.originalCode === '23505';
}
