import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getLocale, getTranslations } from 'next-intl/server';
import { CredentialState } from '@/components/credential-state';
import { DataTable } from '@/components/data-table';
import { formatDay, formatWhen } from '@/components/format-time';
import { requireActor } from '@/server/auth/current-actor';
import { MAX_VALID_DAYS, listAuditorCredentials } from '@/server/compliance/auditors/auditor-credentials';
import { db } from '@/server/db/client';
import { env } from '@/server/env';
import { revokeAuditorCredentialAction } from './actions';
import { AUDITOR_FIELDS } from './auditor-fields';
import { CreateAuditorCredentialForm } from './create-credential-form';
import { credentialDays } from './credential-days';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('auditors'))('title') };
}

/**
 * Credentials for outside auditors (docs/decisions/0057): the log's entry bundles of a time range, until an
 * expiry; made by one officer, activated by another, each shown one part of the token once; revocable.
 */
export default async function AuditorCredentialsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireActor(['COMPLIANCE']);
  const query = await searchParams;
  const t = await getTranslations('auditors');
  const locale = await getLocale();
  const credentials = await listAuditorCredentials(await db(), actor);
  const now = new Date();
  const log = `${env().AUTH_URL?.replace(/\/+$/, '') ?? t('originPlaceholder')}/api/log`;
  const code = (chunks: ReactNode) => <code>{chunks}</code>;
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <h2>{t('whatTitle')}</h2>
      <ul>
        <li>{t('what1')}</li>
        <li>{t('what2')}</li>
        <li>{t.rich('what3', { code })}</li>
        <li>{t('what4')}</li>
      </ul>
      <h2>{t('flowTitle')}</h2>
      <ol>
        <li>{t('flow1')}</li>
        <li>{t('flow2')}</li>
        <li>{t('flow3')}</li>
        <li>{t.rich('flow4', { code })}</li>
      </ol>
      {query.revoked === '1' ? (
        <div className="notice notice--ok" role="status">
          <p>{t('revokedNotice')}</p>
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
            { label: t('columnEntries') },
            { label: t('columnValidUntil') },
            { label: t('columnCreated') },
            { label: t('columnLastUsed') },
            { label: t('columnState') },
          ]}
          rows={credentials.map((c) => {
            const expired = c.expiresAt <= now;
            const days = credentialDays(c, locale);
            return {
              key: c.id,
              cells: [
                c.label,
                t('range', { from: days.from, until: days.until }),
                days.validUntil,
                <>
                  {formatDay(c.createdAt, locale)}
                  {c.createdBy ? <div className="muted">{t('createdBy', { name: c.createdBy })}</div> : null}
                </>,
                c.lastUsedAt ? formatWhen(c.lastUsedAt, locale) : t('neverUsed'),
                c.revokedAt ? (
                  t('revokedAt', { date: formatWhen(c.revokedAt, locale) })
                ) : expired ? (
                  c.activatedAt ? (
                    t('expired')
                  ) : (
                    t('expiredUnused')
                  )
                ) : (
                  <CredentialState
                    credential={c}
                    activateHref={`/compliance/auditors/${c.id}/activate`}
                    revokeAction={revokeAuditorCredentialAction}
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
            };
          })}
        />
      )}
      <h2>{t('newTitle')}</h2>
      <p>{t('newIntro')}</p>
      <CreateAuditorCredentialForm
        labels={{
          fields: Object.fromEntries(
            AUDITOR_FIELDS.map((f) => [f, { label: t(`field_${f}`), hint: t(`field_${f}_hint`, { maxDays: MAX_VALID_DAYS }) }]),
          ) as Record<(typeof AUDITOR_FIELDS)[number], { label: string; hint: string }>,
          submit: t('createSubmit'),
          errorTitle: t('errorTitle'),
          created: t('created', { label: '{label}' }),
          createdHint: t('createdHint'),
          backToList: t('backToList'),
        }}
      />
      <h2>{t('useTitle')}</h2>
      <p>{t('useIntro')}</p>
      <pre className="raw-entry">{`curl -H "Authorization: Bearer $(cat ${t('credentialFile')})" \\\n  ${log}/tile/entries/000`}</pre>
      <p>{t('useTools')}</p>
      <pre className="raw-entry">
        {`npm run log:mirror -- ${log} ${t('mirrorDir')} --policy ${t('policyFile')} --credential ${t('credentialFile')}\n` +
          `npm run log:monitor -- ${log} --state ${t('stateFile')} --policy ${t('policyFile')} --credential ${t('credentialFile')}`}
      </pre>
      <p>{t('useRefused')}</p>
    </>
  );
}
