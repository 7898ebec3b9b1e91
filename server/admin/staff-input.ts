import 'server-only';
import { z } from 'zod';
import { STAFF_KINDS } from '@/server/auth/admin-actor';
import { classifyLoginIdentifier } from '@/server/auth/identifiers';

// Messages are translation keys (messages/*.json → admin.errors); one schema per form, shared by form and action.

export const ZStaffKind = z.enum(STAFF_KINDS, { error: 'kindRequired' });

export const ZCreateStaffInput = z.object({
  kind: ZStaffKind,
  login: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9._-]{2,63}$/, 'loginFormat')
    // A name shaped like an insurance number is read as one at sign-in: such an account could never sign in.
    .refine((login) => classifyLoginIdentifier(login).kind === 'staff', 'loginLikeNumber'),
  name: z.string().trim().min(1, 'nameRequired').max(120, 'nameTooLong'),
});
export type TCreateStaffInput = z.infer<typeof ZCreateStaffInput>;

export const ZAccountId = z.uuid();

export const ZChangeRoleInput = z.object({ accountId: ZAccountId, kind: ZStaffKind });
export type TChangeRoleInput = z.infer<typeof ZChangeRoleInput>;

/** Any sign-in name: a staff user name, an insurance number or a company number. */
export const ZSignInName = z.string().trim().min(1, 'loginRequired').max(100, 'loginRequired');
