import 'server-only';
import { createTranslator } from 'use-intl/core';
import de from '@/messages/de.json';
import en from '@/messages/en.json';
import { canonicalJson } from '@/server/crypto/canonical-json';
import { sha256Hex } from '@/server/crypto/sha256';
import { countryNames } from '@/shared/country-names';
import type { AccountKind, ProcessingRegion } from '@/server/db/generated/enums';

const MESSAGES = { de, en } as const;

export type TServiceForTerms = {
  name: string;
  operator: string;
  processingRegion: ProcessingRegion;
  thirdCountries: string[];
  endToEndEncrypted: boolean;
  canRecord: boolean;
};

/** The facts about a video service that a consent relies on; a change to any of them needs a new consent. */
export function serviceFacts(service: TServiceForTerms) {
  return {
    name: service.name,
    operator: service.operator,
    processingRegion: service.processingRegion,
    thirdCountries: [...service.thirdCountries].sort(),
    endToEndEncrypted: service.endToEndEncrypted,
    canRecord: service.canRecord,
  };
}

export function serviceFactsHash(service: TServiceForTerms): string {
  return sha256Hex(canonicalJson(serviceFacts(service)));
}

export type TConsentStatements = { transmission: string; thirdCountryTransfer: string | null; recording: string | null };

/**
 * The exact sentences a member (or an employer, on behalf of the company) ticks. The page shows
 * these strings and the log keeps them, so the wording agreed to is provable with the decision.
 */
export function consentStatements(language: string, service: TServiceForTerms, kind: AccountKind): TConsentStatements {
  const locale = language === 'en' ? 'en' : 'de';
  const employer = kind === 'EMPLOYER';
  // Formatting the messages costs more than the rest of a consent submission's own work; the
  // sentences depend only on these inputs, and services are few.
  const key = JSON.stringify([locale, employer, service.name, service.processingRegion, service.thirdCountries, service.canRecord]);
  const cached = statementsCache.get(key);
  if (cached) return cached;
  const t = createTranslator({ locale, messages: MESSAGES[locale], namespace: 'consent' });
  const statements: TConsentStatements = Object.freeze({
    transmission: t(employer ? 'transmissionEmployer' : 'transmission', { service: service.name }),
    thirdCountryTransfer:
      service.processingRegion === 'THIRD_COUNTRY' ? t('thirdCountry', { countries: countryNames(service.thirdCountries, locale) }) : null,
    recording: service.canRecord ? t('recording') : null,
  });
  if (statementsCache.size >= STATEMENTS_CACHE_LIMIT) statementsCache.clear();
  statementsCache.set(key, statements);
  return statements;
}

const STATEMENTS_CACHE_LIMIT = 256;
const statementsCache = new Map<string, TConsentStatements>();

/** Digest over the service facts and the sentences shown: what a served page committed to. */
export function termsDigest(language: string, service: TServiceForTerms, kind: AccountKind): string {
  return sha256Hex(canonicalJson({ facts: serviceFacts(service), statements: consentStatements(language, service, kind) }));
}
