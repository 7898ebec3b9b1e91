import 'server-only';
import { notFound } from 'next/navigation';
import { MEMBER_KINDS, requireActor } from '@/server/auth/current-actor';
import { ZWithdrawInput, withdrawConsent } from '@/server/consent/withdraw-consent';
import { formDataArgument } from '@/server/request/form-data-argument';

/**
 * The one withdrawal step both member pages post (the consultation's page and the history): as the
 * signed-in member, parsed at the boundary, 404 for anything not theirs. Says what happened, for the
 * page the action returns to.
 */
export async function withdrawFromForm(untrustedForm: unknown): Promise<{ consultationId: string; saved: string }> {
  const formData = formDataArgument(untrustedForm);
  const actor = await requireActor(MEMBER_KINDS);
  const parsed = ZWithdrawInput.safeParse({ consultationId: formData.get('consultationId'), scope: formData.get('scope') });
  if (!parsed.success) notFound();
  const result = await withdrawConsent(actor, parsed.data);
  if (result.kind === 'not-found') notFound();
  const saved = result.kind === 'nothing-to-withdraw' ? 'nothing' : parsed.data.scope === 'all' ? 'withdrawn' : 'recording-withdrawn';
  return { consultationId: parsed.data.consultationId, saved };
}
