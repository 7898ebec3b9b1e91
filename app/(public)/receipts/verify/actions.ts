'use server';

import { getLocale, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import type { TFieldError } from '@/components/error-summary';
import { formatWhen } from '@/components/format-time';
import { db } from '@/server/db/client';
import { consistencyWithLatest } from '@/server/receipts/log-consistency';
import { receiptEventKey } from '@/server/receipts/receipt-format';
import { verifyReceipt } from '@/server/receipts/verify-receipt';
import { publishedVerifierKeys } from '@/server/transparency/checkpoints';
import { witnessing } from '@/server/witnessing/witness-policy';
import { formDataArgument } from '@/server/request/form-data-argument';

export type TVerifyResult = {
  ok: boolean;
  heading: string;
  detail: string;
  checks: { check: string; label: string; status: 'passed' | 'failed' | 'skipped'; statusLabel: string; reason: string | null }[];
  online: string | null;
  /** `code`: an identifier or hash, shown in monospace. */
  summary: { label: string; value: string; code?: boolean }[];
};

/** `submission` counts checks, so the form starts empty after each one (a chosen file would otherwise stay). */
export type TVerifyState = { errors: TFieldError[]; result: TVerifyResult | null; submission: number };

const MAX_CHARS = 60_000;

/** The form: a pasted receipt or an uploaded file (one of them). */
const ZVerifyForm = z.object({
  receipt: z.string().max(MAX_CHARS, 'tooLarge').optional(),
  file: z
    .instanceof(File)
    .refine((f) => f.size <= MAX_CHARS, 'tooLarge')
    .optional(),
});

/** Public: checks a receipt with the keys this gateway publishes, then whether its checkpoint is still in today's log. */
export async function verifyReceiptAction(previous: unknown, untrustedForm: unknown): Promise<TVerifyState> {
  const formData = formDataArgument(untrustedForm);
  // Only a check that ran empties the form; after a mistake the member keeps what they pasted.
  // The previous state comes back from the client like the form: untrusted, whatever its type says.
  const kept =
    typeof previous === 'object' && previous !== null && 'submission' in previous && typeof previous.submission === 'number'
      ? previous.submission
      : 0;
  const submission = kept + 1;
  const t = await getTranslations('receiptVerify');
  const tr = await getTranslations('receipt');
  const locale = await getLocale();
  const rawFile = formData.get('file');
  const parsed = ZVerifyForm.safeParse({
    receipt: formData.get('receipt') ?? undefined,
    // An empty part is what a form sends with no file chosen (its name varies with how it was posted).
    file: rawFile instanceof File && rawFile.size > 0 ? rawFile : undefined,
  });
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]?.path[0] ?? 'receipt');
    return { errors: [{ field, message: t('tooLarge') }], result: null, submission: kept };
  }
  const pasted = parsed.data.receipt?.trim() ?? '';
  if (pasted && parsed.data.file) return { errors: [{ field: 'receipt', message: t('both') }], result: null, submission: kept };
  let text = pasted;
  if (parsed.data.file) {
    try {
      text = (await parsed.data.file.text()).trim();
    } catch {
      return { errors: [{ field: 'file', message: t('unreadableFile') }], result: null, submission: kept };
    }
    if (!text) return { errors: [{ field: 'file', message: t('unreadableFile') }], result: null, submission: kept };
  }
  if (!text) return { errors: [{ field: 'receipt', message: t('missing') }], result: null, submission: kept };

  const policy = witnessing()?.policy ?? null;
  const verification = await verifyReceipt(text, publishedVerifierKeys(), policy);
  // Named as each witness names itself in its key (e.g. witness.example.org), not by the policy's short label.
  const keyName = (label: string) => policy?.witnesses.find((w) => w.name === label)?.key.name ?? label;
  const witnessedBy = Object.entries(verification.witnessedBy)
    .map(([label, at]) => `${keyName(label)} (${formatWhen(new Date(at * 1000), locale, { seconds: true })})`)
    .join(', ');
  const checks = verification.checks.map((c) => {
    const status = c.ok === true ? 'passed' : c.ok === false ? 'failed' : 'skipped';
    // Not witnessed (yet) is not "not checked": it was checked, and the receipt rests on the log's signature alone.
    const statusLabel =
      c.check === 'witnesses' && c.ok === null && verification.receipt
        ? t(c.detail === 'no-policy' ? 'witnessStatus.noPolicy' : 'witnessStatus.notWitnessed')
        : t(status);
    const reason =
      c.ok === false
        ? t(`reasons.${c.check}`, { detail: c.detail ?? '' })
        : c.check === 'witnesses' && c.ok === true
          ? t('witnessedBy', { witnesses: witnessedBy })
          : c.check === 'witnesses' && c.detail === 'not-witnessed'
            ? t('notWitnessedExplained')
            : null;
    return { check: c.check, label: t(`checks.${c.check}`), status, statusLabel, reason } as const;
  });
  const receipt = verification.receipt;
  const eventLabel = receipt ? tr(`events.${receiptEventKey(receipt.event)}`) : '';
  let online: string | null = null;
  if (verification.ok && verification.checkpoint) {
    const consistency = await consistencyWithLatest(await db(), verification.checkpoint);
    online =
      consistency.kind === 'consistent'
        ? t('online.consistent', { size: consistency.size })
        : consistency.kind === 'other-log'
          ? t('online.other-log', { origin: consistency.origin })
          : t(`online.${consistency.kind}`);
  }
  return {
    errors: [],
    submission,
    result: {
      ok: verification.ok,
      heading: verification.ok ? t('valid') : t('invalid'),
      detail: verification.ok
        ? t('validDetail', { event: eventLabel, when: formatWhen(new Date(receipt!.consentTimestamp), locale, { seconds: true }) })
        : t('invalidDetail', {
            failed: checks
              .filter((c) => c.status === 'failed')
              .map((c) => c.label)
              .join('; '),
          }),
      checks,
      online,
      // Shown only for a receipt that verifies: the claims of a forged one are not worth repeating.
      summary:
        verification.ok && receipt
          ? [
              { label: tr('event'), value: eventLabel },
              { label: tr('receiptId'), value: receipt.receiptId, code: true },
              { label: tr('controller'), value: receipt.piiController.name },
              {
                label: tr('recipient'),
                value: tr('recipientValue', { name: receipt.recipients[0]!.name, operator: receipt.recipients[0]!.operator }),
              },
              ...receipt.purposes.map((p) => ({ label: tr(`purposes.${p.id}`), value: tr(`states.${p.state}`) })),
              { label: tr('noticeHash'), value: receipt.notice.sha256, code: true },
              { label: tr('entry'), value: tr('entryValue', { seq: receipt.evidence.event.entry.seq }) },
            ]
          : [],
    },
  };
}
