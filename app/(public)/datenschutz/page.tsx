import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { LegalPage } from '../legal-page';
import { legalValues } from '../legal-values';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('privacy'))('title') };
}

// Public: reachable without signing in, from every page's footer.
export default async function PrivacyNoticePage() {
  return <LegalPage namespace="privacy" values={legalValues(await getLocale())} />;
}
