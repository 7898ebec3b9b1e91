import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import { type TVerifyResult, verifyChain } from '@/server/audit-log/verify-chain';
import { openProcessDatabase } from '@/server/db/client';

/** The chain verification for the compliance page: compliance officers only (null for anyone else). */
export async function verifyLogForOfficer(actor: TActor): Promise<TVerifyResult | null> {
  if (actor.kind !== 'COMPLIANCE') return null;
  return verifyChain(await openProcessDatabase());
}
