'use server';

import { notFound, redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import type { TFieldError } from '@/components/error-summary';
import { MEMBER_KINDS, requireActor } from '@/server/auth/current-actor';
import { ZRecordDecisionInput, recordDecision } from '@/server/consent/record-decision';
import { ZWithdrawInput, withdrawConsent } from '@/server/consent/withdraw-consent';

export type TDecisionState = {
  /** Counts submissions, so the form re-mounts with the boxes as the member left them. */
  attempt: number;
  errors: TFieldError[];
  ticked: { transmission: boolean; thirdCountryTransfer: boolean; recording: boolean };
};

function formObject(formData: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    // Field names are fixed; repeated or file fields are tampering and fail the schema.
    if (key.startsWith('$ACTION')) continue;
    out[key] = key in out ? [out[key], value] : value;
  }
  return out;
}

export async function recordDecisionAction(previous: TDecisionState, formData: FormData): Promise<TDecisionState> {
  const actor = await requireActor(MEMBER_KINDS);
  const t = await getTranslations('consent.errors');
  const raw = formObject(formData);
  const ticked = { transmission: raw.transmission === 'yes', thirdCountryTransfer: raw.thirdCountryTransfer === 'yes', recording: raw.recording === 'yes' };
  const parsed = ZRecordDecisionInput.safeParse(raw);
  const attempt = previous.attempt + 1;
  if (!parsed.success) return { attempt, errors: [{ field: '', message: t('invalid') }], ticked };

  const result = await recordDecision(actor, parsed.data);
  const page = `/member/consultations/${parsed.data.consultationId}`;
  switch (result.kind) {
    case 'recorded':
      redirect(`${page}?saved=${result.outcome === 'GIVEN' ? 'given' : 'refused'}`);
    case 'disclosure-changed':
      redirect(`${page}?changed=1`);
    case 'not-found':
      notFound();
    case 'bad-token':
      return { attempt, errors: [{ field: '', message: t('badToken') }], ticked };
    case 'page-used':
      return { attempt, errors: [{ field: '', message: t('pageUsed') }], ticked };
    case 'invalid':
      return { attempt, errors: result.fields.map((field) => ({ field, message: t(field) })), ticked };
  }
}

export async function withdrawAction(formData: FormData): Promise<void> {
  const actor = await requireActor(MEMBER_KINDS);
  const parsed = ZWithdrawInput.safeParse({ consultationId: formData.get('consultationId'), scope: formData.get('scope') });
  if (!parsed.success) notFound();
  const result = await withdrawConsent(actor, parsed.data);
  if (result.kind === 'not-found') notFound();
  const saved = result.kind === 'nothing-to-withdraw' ? 'nothing' : parsed.data.scope === 'all' ? 'withdrawn' : 'recording-withdrawn';
  redirect(`/member/consultations/${parsed.data.consultationId}?saved=${saved}`);
}
