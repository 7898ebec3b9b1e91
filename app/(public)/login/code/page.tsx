import type { Metadata } from 'next';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getActor } from '@/server/auth/current-actor';
import { pendingSignIn } from '@/server/auth/second-factor/complete-sign-in';
import { sessionIdFromCookies } from '@/server/auth/session-cookie';
import { CodeForm } from './code-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('secondFactor'))('codeTitle') };
}

/** The second step of a staff sign-in; only with a password step less than five minutes old. */
export default async function CodePage() {
  if (await getActor()) redirect('/');
  if (!(await pendingSignIn(await sessionIdFromCookies(await cookies())))) redirect('/login');
  const t = await getTranslations('secondFactor');
  const tc = await getTranslations('common');
  return (
    <div className="card">
      <h1>{t('codeTitle')}</h1>
      <p className="lead">{t('codeIntro')}</p>
      <CodeForm
        labels={{
          code: t('code'),
          codeHint: t('codeHint'),
          codeSubmit: t('codeSubmit'),
          recoverySummary: t('recoverySummary'),
          recoveryCode: t('recoveryCode'),
          recoveryHint: t('recoveryHint'),
          recoverySubmit: t('recoverySubmit'),
          errorTitle: tc('errorSummaryTitle'),
        }}
      />
      <p className="spaced">
        <a href="/login">{t('restart')}</a>
      </p>
    </div>
  );
}
