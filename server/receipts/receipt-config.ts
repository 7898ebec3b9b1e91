import 'server-only';
import { createHmac } from 'node:crypto';
import { env } from '@/server/env';
import type { TReceiptConfig } from '@/server/receipts/build-receipt';

/** Where `npm start` serves when AUTH_URL is not set (next start's default port). */
const DEFAULT_ORIGIN = 'http://localhost:3000';

/** Controller, jurisdiction and retention as configured (server/env.ts; README, Configuration). */
export function receiptConfig(): TReceiptConfig {
  const e = env();
  return {
    controller: {
      name: e.CONTROLLER_NAME,
      address: e.CONTROLLER_ADDRESS,
      email: e.CONTROLLER_EMAIL,
      phone: e.CONTROLLER_PHONE,
      dpoEmail: e.DPO_EMAIL,
      identifier: { scheme: 'IK', value: e.CONTROLLER_IK },
    },
    privacyNoticeUrl: e.PRIVACY_NOTICE_URL ?? new URL('/datenschutz', e.AUTH_URL ?? DEFAULT_ORIGIN).href,
    socialDataBasis: e.CONTROLLER_SOCIAL_DATA_BASIS,
    storageCountries: e.CONSENT_LOG_STORAGE_COUNTRIES,
    jurisdiction: e.CONTROLLER_JURISDICTION,
    retentionYears: e.RETENTION_CONSENT_LOG_YEARS,
    logOrigin: e.LOG_ORIGIN,
  };
}

/**
 * The member as a receipt names them: a keyed hash of account and consultation. Not the account id (a
 * receipt handed to a lawyer or an employer would otherwise link it to every other receipt and to the
 * insurer's records), and not the compliance pseudonym (memberPseudonym) either, which would tie a
 * shown receipt to the officers' view of the log. Per consultation, because a withdrawal's receipt
 * names its decision anyway; across consultations receipts do not link. The gateway can recompute it
 * to confirm whose a presented receipt is.
 */
export function receiptPrincipalId(accountId: string, consultationId: string | null): string {
  const digest = createHmac('sha256', env().GATEWAY_SECRET)
    .update(`receipt-principal:${accountId}:${consultationId ?? '-'}`)
    .digest('hex');
  return `R-${digest.slice(0, 16).toUpperCase()}`;
}
