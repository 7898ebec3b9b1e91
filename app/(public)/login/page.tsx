import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getActor } from '@/server/auth/current-actor';
import { organisation } from '@/server/legal/organisation';
import { LoginForm } from './login-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('login'))('title') };
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await getActor()) redirect('/');
  const params = await searchParams;
  const t = await getTranslations('login');
  const tc = await getTranslations('common');
  const ts = await getTranslations('session');
  const tf = await getTranslations('secondFactor');
  return (
    <div className="card">
      <h1>{t('title')}</h1>
      {params.signedOut ? (
        <p className="notice notice--ok" role="status">
          {t('signedOut')}
        </p>
      ) : null}
      {params.codeExpired ? (
        <p className="notice notice--warn" role="status">
          {tf('codeExpired')}
        </p>
      ) : null}
      {params.expired ? (
        <p className="notice notice--warn" role="status">
          {ts('expired')}
        </p>
      ) : null}
      <p className="lead">{t('intro')}</p>
      <LoginForm
        labels={{
          identifier: t('identifier'),
          identifierHint: t('identifierHint'),
          password: t('password'),
          submit: t('submit'),
          errorTitle: tc('errorSummaryTitle'),
        }}
      />
      <p className="muted spaced">{t('firstLoginHint')}</p>
      <h2>{t('lostHeading')}</h2>
      <p className="muted">{t('lostMember', { phone: organisation().phone })}</p>
      <p className="muted">{t('lostStaff')}</p>
    </div>
  );
}
