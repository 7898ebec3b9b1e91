import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { requireActor } from '@/server/auth/current-actor';
import { db } from '@/server/db/client';
import { ZPrintCredentialId, getPrintCredential } from '@/server/admin/manage-print-credentials';
import { ActivateCredentialForm } from '@/components/activate-credential-form';
import { activatePrintCredentialAction } from '../../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('printCredentials'))('activateTitle') };
}

/**
 * The second administrator's step (docs/decisions/0042): activating a credential another administrator
 * made, and receiving the second part of its token, shown once in the answer to this form.
 */
export default async function ActivatePrintCredentialPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor(['ADMIN']);
  const id = ZPrintCredentialId.safeParse({ credentialId: (await params).id });
  if (!id.success) notFound();
  const credential = await getPrintCredential(await db(), actor, id.data.credentialId);
  if (!credential || credential.revokedAt) notFound();
  const t = await getTranslations('printCredentials');
  return (
    <>
      <h1>{t('activateHeading', { label: credential.label })}</h1>
      {credential.activatedAt ? null : <p>{t('activateIntro', { name: credential.createdBy ?? t('unknownAdmin') })}</p>}
      {/* Rendered in every state: without JavaScript the form's answer is this page again, already active. */}
      <ActivateCredentialForm
        credentialId={credential.id}
        status={credential.activatedAt ? 'already-active' : credential.mine ? 'own' : 'waiting'}
        action={activatePrintCredentialAction}
        listHref="/admin/print-credentials"
        testId="print-token-second-part"
        labels={{
          submit: t('activate'),
          cancel: t('backToList'),
          activated: t('activatedIntro', { label: credential.label }),
          activatedHint: t('activatedHint'),
          'already-active': t('alreadyActive'),
          own: t('ownError'),
        }}
      />
    </>
  );
}
