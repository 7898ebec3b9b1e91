import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PasswordLetterForm } from '@/components/password-letter-form';
import { PASSWORD_LETTER_ERRORS } from '@/server/admin/reset-password-by-letter';
import { requireActor } from '@/server/auth/current-actor';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('passwordLetterForm'))('title') };
}

export default async function AdvisorPasswordLetterPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireActor(['ADVISOR']);
  const raw = (await searchParams).error;
  return <PasswordLetterForm scope="advisor" error={PASSWORD_LETTER_ERRORS.find((e) => e === raw) ?? null} />;
}
