import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { requireActor } from '@/server/auth/current-actor';
import { STAFF_KINDS } from '@/server/auth/admin-actor';
import { CreateStaffForm } from './create-staff-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin'))('newTitle') };
}

export default async function NewStaffPage() {
  await requireActor(['ADMIN']);
  const t = await getTranslations('admin');
  return (
    <>
      <h1>{t('newTitle')}</h1>
      <p>{t('newIntro')}</p>
      <CreateStaffForm
        roles={STAFF_KINDS.map((kind) => ({ value: kind, label: t(`role_${kind}`) }))}
        labels={{
          name: t('fieldName'),
          login: t('fieldLogin'),
          loginHint: t('fieldLoginHint'),
          role: t('fieldRole'),
          submit: t('createSubmit'),
          errorTitle: t('errorTitle'),
          created: t('created', { login: '{login}' }),
          createdPassword: t('createdPassword', { date: '{date}' }),
          createdHint: t('createdHint'),
          backToList: t('backToList'),
        }}
      />
    </>
  );
}
