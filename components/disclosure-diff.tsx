import { getLocale, getTranslations } from 'next-intl/server';
import { formatDateTime } from '@/components/format-time';
import type { TDisclosureChange } from '@/server/disclosure/disclosure-change';
import type { TDiffRow } from '@/server/disclosure/text-diff';

function Row({ row, labels }: { row: TDiffRow; labels: { removed: string; added: string; lang: string } }) {
  const className = `diff-row diff-row--${row.change} diff-row--${row.unit.kind}`;
  if (row.change === 'same') return <p className={className}>{row.unit.text}</p>;
  const Mark = row.change === 'removed' ? 'del' : 'ins';
  return (
    <p className={className}>
      {/* The word says what happened; strike-through, underline and colour only repeat it. */}
      <strong className="diff-label" lang={labels.lang}>
        {row.change === 'removed' ? labels.removed : labels.added}
      </strong>{' '}
      {row.parts.map((part, i) => (
        <span key={i}>
          {i > 0 ? ' ' : null}
          {part.change === 'same' ? part.text : <Mark>{part.text}</Mark>}
        </span>
      ))}
    </p>
  );
}

/**
 * Two versions of a disclosure compared: paragraphs and list items in reading order, removed and added
 * ones labelled in words and marked with del/ins, after a legend; or a sentence that only spacing changed.
 */
export async function DiffRows({ rows, language }: { rows: TDiffRow[]; language: string }) {
  const t = await getTranslations('reconsent');
  const locale = await getLocale();
  if (!rows.some((row) => row.change !== 'same')) return <p>{t('noTextChange')}</p>;
  return (
    <>
      <p className="hint">{t('legend')}</p>
      <div className="diff" lang={language}>
        {rows.map((row, i) => (
          <Row key={i} row={row} labels={{ removed: t('removed'), added: t('added'), lang: locale }} />
        ))}
      </div>
    </>
  );
}

/** "What has changed" between the disclosure a member agreed to and the one in force. */
export async function DisclosureDiff({ change }: { change: TDisclosureChange }) {
  const t = await getTranslations('reconsent');
  const locale = await getLocale();
  return (
    <section className="card" aria-labelledby="diff-heading" data-testid="disclosure-diff">
      <h2 id="diff-heading">{t('heading')}</h2>
      <p>
        {t('intro', {
          old: change.agreed.version,
          oldDate: formatDateTime(change.agreed.publishedAt, locale).date,
          new: change.current.version,
          newDate: formatDateTime(change.current.publishedAt, locale).date,
        })}
      </p>
      <DiffRows rows={change.rows} language={change.language} />
    </section>
  );
}
