import 'server-only';
import type { TDb, TTx } from '@/server/db/client';
import { Prisma } from '@/server/db/generated/client';
import {
  SIMPLE_ROWS,
  callbackPhoneExpired,
  consultationExpired,
  facetExpired,
  logEntryExpired,
  logExportExpired,
} from '@/server/retention/expiry-predicates';
import type { TCutoffs } from '@/server/retention/retention-cutoffs';

/** How many records of each type a purge finds expired (and erases); no personal data. */
export type TPurgeCounts = {
  consentLog: number;
  /** Log explorer facets naming a member or advisor, of the same entries. */
  logFacets: number;
  consultations: number;
  consentDecisions: number;
  violations: number;
  callbackPhones: number;
  sessions: number;
  loginFailures: number;
  passwordLetters: number;
  webhookEvents: number;
  logExports: number;
};

export function noRecords(counts: TPurgeCounts): boolean {
  return Object.values(counts).every((n) => n === 0);
}

/** Counts the expired records of every type at the given cut-offs, in one statement. */
export async function countExpired(prisma: TDb | TTx, cutoffs: TCutoffs): Promise<TPurgeCounts> {
  const simple = (type: keyof typeof SIMPLE_ROWS) =>
    Prisma.sql`(SELECT count(*)::int FROM ${SIMPLE_ROWS[type].table} WHERE ${SIMPLE_ROWS[type].expired(cutoffs[type])})`;
  const expiredConsultations = Prisma.sql`SELECT c.id FROM consultation c WHERE ${consultationExpired(cutoffs.consultations)}`;
  const [row] = await prisma.$queryRaw<TPurgeCounts[]>`
    SELECT
      (SELECT count(*)::int FROM consent_log_personal p JOIN consent_log e ON e.queue_id = p.queue_id WHERE ${logEntryExpired(cutoffs.consentLog)}) AS "consentLog",
      (SELECT count(*)::int FROM consent_log_facet f, consent_log e WHERE ${facetExpired(cutoffs.consentLog)}) AS "logFacets",
      (SELECT count(*)::int FROM (${expiredConsultations}) x) AS consultations,
      (SELECT count(*)::int FROM consent_decision WHERE consultation_id IN (${expiredConsultations})) AS "consentDecisions",
      (SELECT count(*)::int FROM violation WHERE consultation_id IN (${expiredConsultations})) AS violations,
      (SELECT count(*)::int FROM consultation c WHERE ${callbackPhoneExpired(cutoffs.callbackPhones)}
         AND c.id NOT IN (${expiredConsultations})) AS "callbackPhones",
      ${simple('sessions')} AS sessions,
      ${simple('loginFailures')} AS "loginFailures",
      ${simple('passwordLetters')} AS "passwordLetters",
      ${simple('webhookEvents')} AS "webhookEvents",
      (SELECT count(*)::int FROM log_export x WHERE ${logExportExpired(cutoffs.logExports, cutoffs.consentLog)}) AS "logExports"`;
  return row!;
}
