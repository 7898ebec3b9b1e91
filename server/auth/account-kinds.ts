import 'server-only';
import type { AccountKind } from '@/server/db/generated/enums';

// Apart from current-actor.ts (which needs Next's request context), so that the data layer can be used
// outside a request too: by commands and the demo seed.
export const ALL_KINDS: readonly AccountKind[] = ['MEMBER', 'EMPLOYER', 'ADVISOR', 'COMPLIANCE', 'ADMIN'];
/** Those who consent: insured members, and employers for their company. */
export const MEMBER_KINDS: readonly AccountKind[] = ['MEMBER', 'EMPLOYER'];
