import 'server-only';
import { z } from 'zod';
import type { TActor } from '@/server/auth/current-actor';
import { sha256Hex } from '@/server/crypto/sha256';

/** Only compliance officers draft, propose and decide; everyone else is answered "not found". */
export function isOfficer(actor: TActor): boolean {
  return actor.kind === 'COMPLIANCE';
}

const ZRecordId = z.uuid();

/** Ids of drafts, requests, proposals and services arrive from forms and URLs: anything else is "not found". */
export function isRecordId(value: unknown): value is string {
  return ZRecordId.safeParse(value).success;
}

/** Why a reviewer could not decide a request or proposal. */
export type TDecisionRefusal =
  | { kind: 'not-found' }
  /** Four-eyes: the author or proposer can only withdraw, never approve or reject. */
  | { kind: 'own-request' }
  /** Decided (or withdrawn) meanwhile, e.g. by another reviewer. */
  | { kind: 'already-decided' }
  /** What it would replace changed since it was requested; it must be requested again on the new state. */
  | { kind: 'stale' };

export const NOTE_MAX = 2000;

/** The rejection form: a reason the author can act on. */
export const ZRejectionInput = z.object({ note: z.string().trim().min(3).max(NOTE_MAX) });
export type TRejectionInput = z.infer<typeof ZRejectionInput>;

/**
 * The reviewer's note goes into the log only as its SHA-256: the log is append-only and a free-text
 * note might name someone, while the note itself stays with the request and can be checked against it.
 */
export function noteDigest(note: string): string {
  return sha256Hex(note);
}
