import { PasswordLetterPage, passwordLetterMetadata } from '@/app/password-letter-page';
import { requireActor } from '@/server/auth/current-actor';

export const generateMetadata = passwordLetterMetadata;

export default async function AdminPasswordLetterPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireActor(['ADMIN']);
  return <PasswordLetterPage scope="admin" actor={actor} query={await searchParams} />;
}
