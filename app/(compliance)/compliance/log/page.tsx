import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { requireActor } from '@/server/auth/current-actor';
import { explorerFilterOptions } from '@/server/compliance/filter-options';
import { ZLogPage, filterQuery, firstValues, parseLogFilter } from '@/server/compliance/log-filter';
import { logMemberSearch } from '@/server/compliance/log-member-search';
import { memberPseudonym } from '@/server/compliance/member-pseudonym';
import { searchLog } from '@/server/compliance/search-log';
import { db, directDb } from '@/server/db/client';
import { readArrival } from '@/server/request/read-arrival';
import { ConfirmLoggedRead } from '@/components/confirm-logged-read';
import { LogFilterForm } from './log-filter-form';
import { LogResults } from './log-results';
import { ExportForm } from './export-form';
import { MemberLookupForm } from './member-lookup-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('logExplorer'))('title') };
}

export default async function LogExplorerPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const actor = await requireActor(['COMPLIANCE']);
  const query = firstValues(await searchParams);
  const t = await getTranslations('logExplorer');
  const locale = await getLocale();
  const options = await explorerFilterOptions(await db(), actor);
  if (!options) notFound();
  const parsed = parseLogFilter(query);
  const page = ZLogPage.safeParse(query);
  const filter = parsed.ok ? parsed.filter : null;
  // Every page of a person's entries is a read of their data, the first and any later one.
  const unconfirmed = filter && page.success ? await logMemberSearch(await directDb(), actor, filter, await readArrival()) : null;
  if (unconfirmed)
    return <ConfirmLoggedRead title={t('title')} audience="staff" button={t('memberShow')} path="/compliance/log" query={query} />;
  const results = filter && page.success ? await searchLog(await db(), actor, filter, page.data) : null;
  const linkBase = filter ? filterQuery(filter) : {};

  return (
    <>
      <h1>{t('title')}</h1>
      <p>{t('intro')}</p>
      <MemberLookupForm status={query.lookup} />
      <LogFilterForm
        values={query}
        invalid={parsed.ok ? [] : parsed.fields}
        advisors={options.advisors}
        services={options.services}
        member={
          filter?.member
            ? {
                pseudonym: memberPseudonym(filter.member),
                clearHref: `/compliance/log?${new URLSearchParams({ ...linkBase, member: '' })}`,
              }
            : null
        }
      />
      {results ? <LogResults page={results} locale={locale} linkBase={linkBase} pseudonym={memberPseudonym} /> : null}
      {filter ? <ExportForm filter={filterQuery(filter)} invalid={query.export === 'invalid'} /> : null}
      {!page.success ? <p className="notice notice--error">{t('badCursor')}</p> : null}
    </>
  );
}
