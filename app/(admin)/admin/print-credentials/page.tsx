import type { Metadata } from 'next';
import { getLocale, getTranslations } from 'next-intl/server';
import { z } from 'zod';
import { CredentialState } from '@/components/credential-state';
import { DataTable } from '@/components/data-table';
import { formatWhen } from '@/components/format-time';
import { requireActor } from '@/server/auth/current-actor';
import { db } from '@/server/db/client';
import { listPrintCredentials } from '@/server/admin/manage-print-credentials';
import { revokePrintCredentialAction } from './actions';
import { CreateCredentialForm } from './create-credential-form';

const ZFailedCount = z.coerce.number().int().min(0).max(100_000);

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('printCredentials'))('title') };
}

/** The print system's credentials (docs/decisions/0042): made here, shown once, revocable. */
export default async function PrintCredentialsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireActor(['ADMIN']);
  const query = await searchParams;
  const t = await getTranslations('printCredentials');
  const locale = await getLocale();
  const credentials = await listPrintCredentials(await db(), actor);
  const failed = ZFailedCount.catch(0).parse(query.failed);
  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <ol>
        <li>{t('flow1')}</li>
        <li>{t('flow2')}</li>
        <li>{t('flow3')}</li>
        <li>{t('flow4')}</li>
      </ol>
      <p>{t('flow0')}</p>
      {query.revoked === '1' ? (
        <div className="notice notice--ok" role="status">
          <p>{t('revokedNotice')}</p>
          {failed > 0 ? <p>{t('revokedLettersFailed', { count: failed })}</p> : null}
        </div>
      ) : null}
      <h2 id="credentials-heading">{t('listTitle')}</h2>
      {credentials.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <DataTable
          labelledBy="credentials-heading"
          rowHeaders
          columns={[
            { label: t('columnLabel') },
            { label: t('columnCreated') },
            { label: t('columnLastUsed') },
            { label: t('columnLetters') },
            { label: t('columnState') },
          ]}
          rows={credentials.map((c) => ({
            key: c.id,
            cells: [
              c.label,
              <>
                {formatWhen(c.createdAt, locale)}
                {c.createdBy ? <div className="muted">{c.createdBy}</div> : null}
              </>,
              c.lastUsedAt ? formatWhen(c.lastUsedAt, locale) : t('neverUsed'),
              c.lettersFetched,
              c.revokedAt ? (
                t('revokedAt', { date: formatWhen(c.revokedAt, locale) })
              ) : (
                <CredentialState
                  credential={c}
                  activateHref={`/admin/print-credentials/${c.id}/activate`}
                  revokeAction={revokePrintCredentialAction}
                  labels={{
                    active: t('active'),
                    activatedBy: c.activatedBy ? t('activatedBy', { name: c.activatedBy }) : null,
                    waitingForSecond: t('waitingForSecond'),
                    waiting: t('waiting'),
                    activate: t('activate'),
                    activateLabel: t('activateLabel', { label: c.label }),
                    revoke: t('revoke'),
                    revokeLabel: t('revokeLabel', { label: c.label }),
                  }}
                />
              ),
            ],
          }))}
        />
      )}
      <h2>{t('newTitle')}</h2>
      <p>{t('newIntro')}</p>
      <CreateCredentialForm
        labels={{
          label: t('fieldLabel'),
          labelHint: t('fieldLabelHint'),
          submit: t('createSubmit'),
          errorTitle: t('errorTitle'),
          created: t('created', { label: '{label}' }),
          createdHint: t('createdHint'),
          backToList: t('backToList'),
        }}
      />
    </>
  );
}
