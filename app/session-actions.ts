'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { LOCALE_COOKIE, asLocale } from '@/i18n/locales';
import { signOut } from '@/server/auth/auth';
import { getActor } from '@/server/auth/current-actor';
import { endSession } from '@/server/auth/end-session';
import { cookieOptions } from '@/server/request/cookie-options';
import { formDataArgument } from '@/server/request/form-data-argument';

export async function signOutAction(): Promise<void> {
  const actor = await getActor();
  if (actor) await endSession(actor);
  await signOut({ redirectTo: '/login?signedOut=1' });
}

/** Keeps the session alive (WCAG 2.2.1) and tells the page when it now ends; null when it has ended. */
export async function extendSessionAction(): Promise<string | null> {
  const actor = await getActor();
  return actor ? actor.idleExpiresAt.toISOString() : null;
}

function samePath(referer: string | null, host: string | null): string {
  if (!referer || !host) return '/';
  try {
    const url = new URL(referer);
    return url.host === host ? `${url.pathname}${url.search}` : '/';
  } catch {
    return '/';
  }
}

export async function setLanguageAction(untrustedForm: unknown): Promise<void> {
  const formData = formDataArgument(untrustedForm);
  const requested = formData.get('locale');
  const locale = asLocale(typeof requested === 'string' ? requested : null);
  (await cookies()).set(LOCALE_COOKIE, locale, cookieOptions(365 * 24 * 60 * 60));
  const h = await headers();
  redirect(samePath(h.get('referer'), h.get('host')));
}
