import 'server-only';
import type { FourEyesOutcome } from '@/server/db/generated/enums';

/**
 * Where a draft stands, from its newest publication request: being written (none, or the last one
 * withdrawn), rejected (editable again, with the reviewer's note), requested (frozen, awaiting a
 * second officer) or published (frozen for good).
 */
export type TDraftState = 'draft' | 'rejected' | 'requested' | 'published';

export function draftState(newestRequest: { outcome: FourEyesOutcome | null } | null | undefined): TDraftState {
  if (!newestRequest) return 'draft';
  switch (newestRequest.outcome) {
    case null:
      return 'requested';
    case 'APPROVED':
      return 'published';
    case 'REJECTED':
      return 'rejected';
    case 'WITHDRAWN':
      return 'draft';
  }
}

/** Only the author writes a draft, and only while no publication is requested or done. */
export function isEditable(state: TDraftState): boolean {
  return state === 'draft' || state === 'rejected';
}
