import { cookies } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { LOCALE_COOKIE, TIME_ZONE, asLocale } from '@/i18n/locales';

// The reader's language from their cookie; an explicit one (`getTranslations({ locale })`) wins, so the
// compliance preview can render a draft in the draft's language whatever the officer reads in.
export default getRequestConfig(async ({ locale: explicit }) => {
  const locale = asLocale(explicit ?? (await cookies()).get(LOCALE_COOKIE)?.value);
  return {
    locale,
    timeZone: TIME_ZONE,
    // A dynamic import is typed `any`; every locale's file has the German one's shape (messages-complete.test.ts).
    messages: ((await import(`../messages/${locale}.json`)) as { default: typeof import('@/messages/de.json') }).default,
  };
});
