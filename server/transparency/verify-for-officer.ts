import 'server-only';
import type { TActor } from '@/server/auth/current-actor';
import { type TVerifyResult, verifyChain } from '@/server/transparency/verify-chain';
import { openProcessDatabase } from '@/server/db/client';

// A full verification reads the whole log (seconds at a million entries); officers opening or reloading the
// page while one runs share its result instead of starting another, so reloads cannot pile up work.
let running: Promise<TVerifyResult> | null = null;

/** The chain verification for the compliance page: compliance officers only (null for anyone else). */
export async function verifyLogForOfficer(actor: TActor): Promise<TVerifyResult | null> {
  if (actor.kind !== 'COMPLIANCE') return null;
  running ??= openProcessDatabase()
    .then(verifyChain)
    .finally(() => {
      running = null;
    });
  return running;
}
