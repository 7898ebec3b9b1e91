import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatWhen } from '@/components/format-time';
import { requireActor } from '@/server/auth/current-actor';
import { getServiceProposal } from '@/server/video-service/service-overview';
import { ReviewForm } from '../../../review-form';
import { reviewLabels } from '../../../review-labels';
import { reviewProposalAction, withdrawProposalAction } from '../../actions';
import { SettingsTable } from '../../settings-table';

type TProps = { params: Promise<{ proposalId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const DONE = ['proposed', 'withdrawn', 'applied', 'rejected'] as const;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('services'))('proposalTitle') };
}

export default async function ProposalPage({ params, searchParams }: TProps) {
  const actor = await requireActor(['COMPLIANCE']);
  const view = await getServiceProposal(actor, (await params).proposalId);
  if (!view) notFound();
  const { proposal } = view;
  const doneParam = (await searchParams).done;
  const done = DONE.find((d) => d === doneParam) ?? null;
  const locale = await getLocale();
  const t = await getTranslations('services');
  const tr = await getTranslations('fourEyes');
  const when = (at: Date) => formatWhen(at, locale);
  return (
    <>
      <p>
        <a href="/compliance/services">{t('back')}</a>
      </p>
      <h1>{proposal.videoServiceId ? t('proposalChange', { name: proposal.name }) : t('proposalNew', { name: proposal.name })}</h1>
      {done ? (
        <div className="notice notice--ok" role="status">
          <p>{t(`done.${done}`)}</p>
        </div>
      ) : null}
      <section className="card" aria-labelledby="proposal-state-heading">
        <h2 id="proposal-state-heading">{t('stateHeading')}</h2>
        <dl className="facts">
          <dt>{tr('requested')}</dt>
          <dd>{t('proposedBy', { name: proposal.proposedBy.displayName, when: when(proposal.proposedAt) })}</dd>
          <dt>{tr('outcome')}</dt>
          <dd>
            {proposal.outcome ? tr(`outcomes.${proposal.outcome}`) : tr('open')}
            {proposal.decidedAt && proposal.decidedBy ? ` · ${proposal.decidedBy.displayName}, ${when(proposal.decidedAt)}` : ''}
          </dd>
          {proposal.note ? (
            <>
              <dt>{tr('note')}</dt>
              <dd>{proposal.note}</dd>
            </>
          ) : null}
        </dl>
        {view.mayWithdraw ? (
          <>
            <p>{t('awaitingOther')}</p>
            <form action={withdrawProposalAction}>
              <input type="hidden" name="proposalId" value={proposal.id} />
              <button type="submit" className="button button--secondary">
                {t('withdraw')}
              </button>
            </form>
          </>
        ) : null}
      </section>
      {view.mayDecide ? (
        <ReviewForm
          action={reviewProposalAction}
          hidden={{ proposalId: proposal.id }}
          labels={await reviewLabels(
            t(proposal.videoServiceId ? 'reviewIntroChange' : 'reviewIntroNew', { name: proposal.proposedBy.displayName }),
            t('approve'),
          )}
        />
      ) : null}
      <SettingsTable
        proposed={view.proposed}
        current={proposal.outcome === null ? view.current : null}
        locale={locale}
        captionId="proposal-settings"
        caption={t('proposalSettingsCaption')}
      />
    </>
  );
}
