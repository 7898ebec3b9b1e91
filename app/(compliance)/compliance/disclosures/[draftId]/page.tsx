import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import { requireActor } from '@/server/auth/current-actor';
import { getDisclosureDraft } from '@/server/disclosure/get-draft';
import { ReviewForm } from '../../review-form';
import { reviewLabels } from '../../review-labels';
import { requestPublicationAction, reviewPublicationAction, withdrawRequestAction } from '../actions';
import { DraftChanges } from './draft-changes';
import { DraftHistory } from './draft-history';
import { DraftStateBadge } from '../draft-state-badge';
import { MemberPreview } from './member-preview';

type TProps = { params: Promise<{ draftId: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

const DONE = ['created', 'saved', 'requested', 'withdrawn', 'published', 'rejected'] as const;
const PROBLEMS = ['frozen', 'unchanged'] as const;
const pick = <T extends string>(allowed: readonly T[], value: unknown): T | null =>
  (allowed as readonly unknown[]).includes(value) ? (value as T) : null;

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('disclosures'))('draftTitle') };
}

export default async function DraftPage({ params, searchParams }: TProps) {
  const actor = await requireActor(['COMPLIANCE']);
  const draft = await getDisclosureDraft(actor, (await params).draftId);
  if (!draft) notFound();
  const query = await searchParams;
  const done = pick(DONE, query.done);
  const problem = pick(PROBLEMS, query.problem);
  const locale = await getLocale();
  const t = await getTranslations('disclosures');
  const language = t(`languages.${draft.language as 'de' | 'en'}`);
  const updated = formatDateTime(draft.updatedAt, locale);
  const published = draft.requests.find((r) => r.outcome === 'APPROVED');
  return (
    <>
      <p>
        <a href="/compliance/disclosures">{t('back')}</a>
      </p>
      <h1>{t('draftHeading', { service: draft.videoService.name, language })}</h1>
      {done ? (
        <div className="notice notice--ok" role="status">
          <p>{t(`done.${done}`)}</p>
        </div>
      ) : null}
      {problem ? (
        <div className="notice notice--error" role="alert">
          <p>{t(`problems.${problem}`)}</p>
        </div>
      ) : null}

      <section className="card" aria-labelledby="state-heading">
        <h2 id="state-heading">{t('stateHeading')}</h2>
        <dl className="facts">
          <dt>{t('stateLabel')}</dt>
          <dd>
            <DraftStateBadge state={draft.state} />
          </dd>
          <dt>{t('author')}</dt>
          <dd>{draft.author.displayName}</dd>
          <dt>{t('updatedAt')}</dt>
          <dd>
            {updated.date}, {updated.time}
          </dd>
          <dt>{t('draftHash')}</dt>
          <dd className="hash">{draft.contentHash}</dd>
          <dt>{t('current')}</dt>
          <dd>
            {draft.current ? t('currentVersion', { version: draft.current.version, hash: draft.current.contentHash }) : t('noVersion')}
          </dd>
        </dl>
        {draft.mayEdit ? (
          <>
            <p className="hint">{t('requestHint')}</p>
            <form action={requestPublicationAction} className="button-row">
              <input type="hidden" name="draftId" value={draft.id} />
              <button type="submit" className="button">
                {t('requestPublication')}
              </button>
              <a href={`/compliance/disclosures/${draft.id}/edit`}>{t('edit')}</a>
            </form>
          </>
        ) : null}
        {draft.mayWithdraw && draft.openRequest ? (
          <>
            <p>{t('awaitingOther')}</p>
            <form action={withdrawRequestAction} className="button-row">
              <input type="hidden" name="draftId" value={draft.id} />
              <input type="hidden" name="requestId" value={draft.openRequest.id} />
              <button type="submit" className="button button--secondary">
                {t('withdraw')}
              </button>
            </form>
          </>
        ) : null}
      </section>

      <DraftChanges draft={draft} />
      <MemberPreview
        draft={draft}
        version={published?.publishedVersion?.version ?? draft.nextVersion}
        publishedAt={published?.decidedAt ?? null}
      />
      {/* The decision comes after the text under review: what changes, then the whole text. */}
      {draft.mayDecide && draft.openRequest ? (
        <ReviewForm
          action={reviewPublicationAction}
          hidden={{ draftId: draft.id, requestId: draft.openRequest.id }}
          labels={await reviewLabels(
            t('reviewIntro', { name: draft.openRequest.requestedBy.displayName, version: draft.nextVersion }),
            t('approve'),
          )}
        />
      ) : null}
      <DraftHistory requests={draft.requests} locale={locale} />
    </>
  );
}
