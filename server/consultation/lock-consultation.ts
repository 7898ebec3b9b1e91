import 'server-only';
import type { TTx } from '@/server/db/client';

/**
 * Locks one consultation row for the rest of the transaction. Consent changes and join checks on a
 * consultation take it before they read, so "check, then log" cannot interleave with a withdrawal,
 * while other consultations proceed in parallel.
 */
export async function lockConsultation(tx: TTx, consultationId: string): Promise<void> {
  await tx.$queryRaw`SELECT id FROM consultation WHERE id = ${consultationId}::uuid FOR UPDATE`;
}
