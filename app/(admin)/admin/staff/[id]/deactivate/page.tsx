import type { Metadata } from 'next';
import { notFound, redirect } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { getStaffAccount } from '@/server/admin/list-staff';
import { ZAccountId } from '@/server/admin/staff-input';
import { requireActor } from '@/server/auth/current-actor';
import { db } from '@/server/db/client';
import { deactivateAction } from '../../../actions';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('admin'))('deactivateTitle') };
}

/** The confirmation step before a leaver's account is deactivated: what happens, and what is still open. */
export default async function DeactivatePage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await requireActor(['ADMIN']);
  const id = ZAccountId.safeParse((await params).id);
  if (!id.success) notFound();
  const account = await getStaffAccount(await db(), actor, id.data);
  if (!account) notFound();
  if (account.deactivatedAt || account.id === actor.id) redirect(`/admin/staff/${account.id}`);
  const t = await getTranslations('admin');
  return (
    <>
      <h1>{t('deactivateConfirmTitle', { name: account.displayName })}</h1>
      <p>{t('deactivateConsequences', { name: account.displayName })}</p>
      {account.consultations.length > 0 ? (
        <div className="notice notice--warn">
          <p>{t('deactivateOpenWarning', { count: account.consultations.length })}</p>
        </div>
      ) : null}
      <form action={deactivateAction} className="button-row">
        <input type="hidden" name="accountId" value={account.id} />
        <button type="submit" className="button">
          {t('deactivateSubmit')}
        </button>
        <a className="button button--secondary" href={`/admin/staff/${account.id}`}>
          {t('cancel')}
        </a>
      </form>
    </>
  );
}
