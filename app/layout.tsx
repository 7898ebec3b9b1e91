import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import { SessionTimeout } from '@/components/session-timeout';
import { extendSessionAction, setLanguageAction, signOutAction } from '@/app/session-actions';
import { MEMBER_KINDS, getActor } from '@/server/auth/current-actor';
import { usesSecondFactor } from '@/server/auth/second-factor/policy';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  return { title: { default: t('appName'), template: `%s – ${t('appName')}` }, description: t('appTagline') };
}

// Layouts never authorize (pages and actions do); this one only shows who is signed in.
export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations('common');
  const ts = await getTranslations('session');
  const tl = await getTranslations('legalNav');
  const tf = await getTranslations('secondFactor');
  const actor = await getActor();
  const other = locale === 'de' ? 'en' : 'de';

  return (
    <html lang={locale}>
      <body>
        <a className="skip-link" href="#main">
          {t('skipToContent')}
        </a>
        <header className="site-header">
          <div className="site-header__inner">
            <a className="brand" href="/">
              {t('appName')}
              {/* Staff are not the ones consenting: the member's tagline would address them as members. */}
              <small>{t(actor && !MEMBER_KINDS.includes(actor.kind) ? 'staffTagline' : 'appTagline')}</small>
            </a>
            <div className="header-tools">
              <form action={setLanguageAction}>
                <input type="hidden" name="locale" value={other} />
                <button type="submit" className="link-button" lang={other} aria-label={t('switchToLabel')}>
                  {t('switchTo')}
                </button>
              </form>
              {actor ? (
                <>
                  <span>{t('signedInAs', { name: actor.displayName })}</span>
                  <a href="/password">{t('changePassword')}</a>
                  {usesSecondFactor(actor.kind) ? <a href="/account/second-factor">{tf('headerLink')}</a> : null}
                  <form action={signOutAction}>
                    <button type="submit" className="link-button">
                      {t('signOut')}
                    </button>
                  </form>
                </>
              ) : null}
            </div>
          </div>
        </header>
        <main id="main" className="site-main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="site-footer__inner">
            <nav aria-label={tl('label')}>
              <ul className="footer-links">
                <li>
                  <a href="/barrierefreiheit">{tl('accessibility')}</a>
                </li>
                <li>
                  <a href="/datenschutz">{tl('privacy')}</a>
                </li>
                <li>
                  <a href="/impressum">{tl('imprint')}</a>
                </li>
                <li>
                  <a href="/leichte-sprache">{tl('easyRead')}</a>
                </li>
              </ul>
            </nav>
            {actor ? <p>{ts('expiresAt', { time: formatDateTime(actor.idleExpiresAt, locale).time })}</p> : null}
          </div>
        </footer>
        {actor ? (
          <SessionTimeout
            expiresAt={actor.idleExpiresAt.toISOString()}
            extendSession={extendSessionAction}
            locale={locale}
            labels={{ title: ts('warningTitle'), text: ts.raw('warningText') as string, extend: ts('extend') }}
          />
        ) : null}
      </body>
    </html>
  );
}
