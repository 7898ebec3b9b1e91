import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PASSWORD_MIN_LENGTH } from '@/server/auth/change-password';
import { ALL_KINDS, requireActor } from '@/server/auth/current-actor';
import { PasswordForm } from './password-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('password'))('titleChange') };
}

export default async function PasswordPage() {
  const actor = await requireActor(ALL_KINDS, { allowInitialPassword: true });
  const t = await getTranslations('password');
  const tc = await getTranslations('common');
  return (
    <div className="card">
      <h1>{actor.mustChangePassword ? t('title') : t('titleChange')}</h1>
      <p className="lead">{actor.mustChangePassword ? t('initialIntro') : t('intro')}</p>
      <PasswordForm
        labels={{
          current: t('current'),
          new: t('new'),
          newHint: t('newHint', { min: PASSWORD_MIN_LENGTH }),
          confirm: t('confirm'),
          submit: t('submit'),
          errorTitle: tc('errorSummaryTitle'),
        }}
      />
    </div>
  );
}
