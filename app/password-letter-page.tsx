import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PasswordLetterForm } from '@/components/password-letter-form';
import type { TSessionActor } from '@/server/auth/session-lookup';
import { db } from '@/server/db/client';
import { listLetters } from '@/server/letters/list-letters';
import { LETTER_REQUEST_ERRORS } from '@/server/letters/request-letter';

export async function passwordLetterMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('passwordLetterForm'))('title') };
}

/**
 * The password-letter page of administrators and of advisors: one page, two routes. Each route checks
 * its own role before rendering it; `listLetters` scopes the letters to the actor again.
 */
export async function PasswordLetterPage({
  scope,
  actor,
  query,
}: {
  scope: 'admin' | 'advisor';
  actor: TSessionActor;
  query: Record<string, string | string[] | undefined>;
}) {
  const requested =
    query.requested === 'new' || query.requested === 'again'
      ? { again: query.requested === 'again', blocked: query.blocked === '1' }
      : null;
  const letters = await listLetters(await db(), actor);
  return (
    <PasswordLetterForm
      scope={scope}
      error={LETTER_REQUEST_ERRORS.find((e) => e === query.error) ?? null}
      requested={requested}
      letters={letters}
    />
  );
}
