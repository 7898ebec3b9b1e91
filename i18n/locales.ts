export const LOCALES = ['de', 'en'] as const;
export type TLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: TLocale = 'de';
/** Strictly necessary: remembers the language the person chose. */
export const LOCALE_COOKIE = 'gateway_lang';
export const TIME_ZONE = 'Europe/Berlin';

export function asLocale(value: string | undefined | null): TLocale {
  return (LOCALES as readonly string[]).includes(value ?? '') ? (value as TLocale) : DEFAULT_LOCALE;
}
