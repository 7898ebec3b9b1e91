import { getTranslations } from 'next-intl/server';
import type { TDraftState } from '@/server/disclosure/draft-state';

const TONE: Record<TDraftState, string> = {
  draft: 'status--open',
  requested: 'status--warn',
  rejected: 'status--bad',
  published: 'status--ok',
};

/** Where a draft stands, in words (not only colour). */
export async function DraftStateBadge({ state }: { state: TDraftState }) {
  const t = await getTranslations('disclosures.state');
  return <span className={`status ${TONE[state]}`}>{t(state)}</span>;
}
