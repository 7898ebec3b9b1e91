import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import type { TSessionActor } from '@/server/auth/session-lookup';

/**
 * On the page a sign-in lands on: attempts with this person's name or codes that failed or were refused
 * since they last signed in, so that strangers trying do not go unnoticed (docs/decisions/0049). Nothing
 * when there were none.
 */
export async function FailedSignInsNotice({ actor }: { actor: Pick<TSessionActor, 'failedSignInsBefore' | 'previousSignInAt'> }) {
  if (actor.failedSignInsBefore === 0) return null;
  const t = await getTranslations('signInHistory');
  const count = actor.failedSignInsBefore;
  const summary = actor.previousSignInAt
    ? t('sinceLastVisit', { count, ...formatDateTime(actor.previousSignInAt, await getLocale()) })
    : t('beforeThisSignIn', { count });
  return (
    <div className="notice notice--warn" data-testid="failed-sign-ins">
      <p>{summary}</p>
      <p>
        {t('ifNotYou')} <a href="/password">{t('changePassword')}</a>
      </p>
    </div>
  );
}
