import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PasswordLetterForm } from '@/components/password-letter-form';
import { requireActor } from '@/server/auth/current-actor';
import { db } from '@/server/db/client';
import { listLetters } from '@/server/letters/list-letters';
import { LETTER_REQUEST_ERRORS } from '@/server/letters/request-letter';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('passwordLetterForm'))('title') };
}

export default async function AdminPasswordLetterPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireActor(['ADMIN']);
  const query = await searchParams;
  const requested =
    query.requested === 'new' || query.requested === 'again'
      ? { again: query.requested === 'again', blocked: query.blocked === '1' }
      : null;
  const letters = await listLetters(await db(), actor);
  return (
    <PasswordLetterForm
      scope="admin"
      error={LETTER_REQUEST_ERRORS.find((e) => e === query.error) ?? null}
      requested={requested}
      letters={letters}
    />
  );
}
