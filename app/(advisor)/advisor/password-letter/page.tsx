import { PasswordLetterPage, passwordLetterMetadata } from '@/app/password-letter-page';
import { requireActor } from '@/server/auth/current-actor';

export const generateMetadata = passwordLetterMetadata;

export default async function AdvisorPasswordLetterPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireActor(['ADVISOR']);
  return <PasswordLetterPage scope="advisor" actor={actor} query={await searchParams} />;
}
