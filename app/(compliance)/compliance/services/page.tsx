import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatWhen } from '@/components/format-time';
import { requireActor } from '@/server/auth/current-actor';
import { listServicesForOfficer } from '@/server/video-service/service-overview';
import { SettingsTable } from './settings-table';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('services'))('title') };
}

export default async function ServicesPage() {
  const actor = await requireActor(['COMPLIANCE']);
  const overview = await listServicesForOfficer(actor);
  if (!overview) notFound();
  const locale = await getLocale();
  const t = await getTranslations('services');
  const tr = await getTranslations('fourEyes');
  const when = (at: Date) => formatWhen(at, locale);
  const proposalRow = (p: (typeof overview.open)[number]) => (
    <li key={p.id}>
      <a href={`/compliance/services/proposals/${p.id}`}>
        {p.videoServiceId ? t('proposalChange', { name: p.name }) : t('proposalNew', { name: p.name })}
      </a>
      <br />
      <span className="muted">
        {t('proposedBy', { name: p.proposedBy.displayName, when: when(p.proposedAt) })}
        {p.outcome && p.decidedAt && p.decidedBy
          ? ` · ${tr(`outcomes.${p.outcome}`)}: ${p.decidedBy.displayName}, ${when(p.decidedAt)}`
          : ''}
      </span>
    </li>
  );
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="lead">{t('intro')}</p>
      <p>
        <a className="button" href="/compliance/services/new">
          {t('newTitle')}
        </a>
      </p>
      <section className="card" aria-labelledby="open-heading">
        <h2 id="open-heading">{t('openHeading')}</h2>
        {overview.open.length ? <ul className="plain-list">{overview.open.map(proposalRow)}</ul> : <p>{t('openNone')}</p>}
      </section>
      {overview.services.map((service) => (
        <section className="card" aria-labelledby={`service-${service.id}`} key={service.id}>
          <h2 id={`service-${service.id}`}>
            {service.name} <code className="muted">{service.key}</code>
          </h2>
          <SettingsTable
            proposed={service}
            current={null}
            locale={locale}
            captionId={`settings-${service.id}`}
            caption={t('settingsCaption', { name: service.name })}
          />
          <p className="muted spaced">
            {t('factsHash')}: <span className="hash">{service.factsHash}</span>
          </p>
          {service.openProposalId ? (
            <p>
              <a href={`/compliance/services/proposals/${service.openProposalId}`}>{t('openProposal')}</a>
            </p>
          ) : (
            <p>
              <a href={`/compliance/services/${service.id}/change`}>{t('proposeChangeFor', { name: service.name })}</a>
            </p>
          )}
        </section>
      ))}
      {overview.decided.length ? (
        <section aria-labelledby="decided-heading">
          <h2 id="decided-heading">{t('decidedHeading')}</h2>
          <ul className="plain-list">{overview.decided.map(proposalRow)}</ul>
        </section>
      ) : null}
    </>
  );
}
