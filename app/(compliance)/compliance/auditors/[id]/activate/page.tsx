import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatWhen } from '@/components/format-time';
import { requireActor } from '@/server/auth/current-actor';
import { ZAuditorCredentialId, getAuditorCredential } from '@/server/compliance/auditors/auditor-credentials';
import { db } from '@/server/db/client';
import { credentialDays } from '../../credential-days';
import { ActivateCredentialForm } from '@/components/activate-credential-form';
import { activateAuditorCredentialAction } from '../../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('auditors'))('activateTitle') };
}

/**
 * The second officer's step: what the credential opens, to whom and until when, then activating it and
 * receiving the second part of its token, shown once in the answer to this form.
 */
export default async function ActivateAuditorCredentialPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor(['COMPLIANCE']);
  const id = ZAuditorCredentialId.safeParse({ credentialId: (await params).id });
  if (!id.success) notFound();
  const credential = await getAuditorCredential(await db(), actor, id.data.credentialId);
  if (!credential || credential.revokedAt) notFound();
  const t = await getTranslations('auditors');
  const locale = await getLocale();
  const days = credentialDays(credential, locale);
  const maker = credential.createdBy ?? t('unknownOfficer');
  const status = credential.activatedAt
    ? 'already-active'
    : credential.expiresAt <= new Date()
      ? 'expired'
      : credential.mine
        ? 'own'
        : 'waiting';
  return (
    <>
      <h1>{t('activateHeading', { label: credential.label })}</h1>
      <dl className="facts">
        <dt>{t('columnLabel')}</dt>
        <dd>{credential.label}</dd>
        <dt>{t('columnEntries')}</dt>
        <dd>{t('range', { from: days.from, until: days.until })}</dd>
        <dt>{t('columnValidUntil')}</dt>
        <dd>{days.validUntil}</dd>
        <dt>{t('columnCreated')}</dt>
        <dd>
          {formatWhen(credential.createdAt, locale)}, {t('createdBy', { name: maker })}
        </dd>
      </dl>
      {status === 'waiting' ? <p className="spaced">{t('activateIntro', { name: maker })}</p> : null}
      {/* Rendered in every state: without JavaScript the form's answer is this page again, already active. */}
      <ActivateCredentialForm
        credentialId={credential.id}
        status={status}
        action={activateAuditorCredentialAction}
        listHref="/compliance/auditors"
        testId="auditor-token-second-part"
        labels={{
          submit: t('activate'),
          cancel: t('backToList'),
          activated: t('activatedIntro', { label: credential.label }),
          activatedHint: t('activatedHint'),
          'already-active': t('alreadyActive'),
          expired: t('expiredError'),
          own: t('ownError'),
        }}
      />
    </>
  );
}
