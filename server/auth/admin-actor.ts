import 'server-only';
import type { AccountKind } from '@/server/db/generated/enums';

/** What the admin data layer needs of the person acting: who, which role, from which network (pseudonym). */
export type TAdminActor = { id: string; kind: AccountKind; ipPseudonym?: string | undefined };

/** Kinds of staff account an administrator manages. */
export const STAFF_KINDS = ['ADVISOR', 'COMPLIANCE', 'ADMIN'] as const satisfies readonly AccountKind[];
export type TStaffKind = (typeof STAFF_KINDS)[number];

/**
 * Every function here checks the role itself (pages and actions check it too): for anyone but an
 * administrator the data layer answers as if nothing existed.
 */
export function isAdmin(actor: TAdminActor | null | undefined): actor is TAdminActor & { kind: 'ADMIN' } {
  return actor?.kind === 'ADMIN';
}

export function logPersonal(actor: TAdminActor, subjectId: string) {
  return { actorId: actor.id, subjectId, ...(actor.ipPseudonym ? { ipPseudonym: actor.ipPseudonym } : {}) };
}
