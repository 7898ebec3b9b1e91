import { getLocale, getTranslations } from 'next-intl/server';
import { DataTable } from '@/components/data-table';
import { formatWhen } from '@/components/format-time';
import type { TMemberDataExport } from '@/server/member-data/export-format';

type TLetter = TMemberDataExport['passwordLetters'][number];

/** The password letters sent to the member: who asked (as a role, never a person), how far each got, and what became of its code. */
export async function SummaryLetters({ letters }: { letters: TMemberDataExport['passwordLetters'] }) {
  const t = await getTranslations('dataExport');
  const locale = await getLocale();
  const when = (iso: string) => formatWhen(new Date(iso), locale);

  // The code's own times say more than its latest validity; that is shown only while nothing else ended it.
  const code = (l: TLetter) => {
    const lines: string[] = [];
    if (l.codeUsedAt) lines.push(t('letterCodeUsed', { when: when(l.codeUsedAt) }));
    if (l.ownPasswordSetAt) lines.push(t('letterOwnPasswordSet', { when: when(l.ownPasswordSetAt) }));
    if (lines.length) return lines;
    if (l.state === 'requested') return [t('letterCodeNotYet')];
    if (l.state === 'failed') return [t('letterCodeVoid')];
    if (l.codeValidUntil) return [t('letterCodeValidUntil', { when: when(l.codeValidUntil) })];
    return ['—'];
  };

  return (
    <section className="card" aria-labelledby="letters-heading">
      <h2 id="letters-heading">{t('lettersHeading')}</h2>
      <p>{t('lettersIntro')}</p>
      {letters.length === 0 ? (
        <p>{t('lettersNone')}</p>
      ) : (
        <DataTable
          labelledBy="letters-heading"
          testId="member-letters"
          columns={[{ label: t('letterRequested') }, { label: t('letterState') }, { label: t('letterCode') }]}
          rows={letters.map((l, i) => ({
            key: String(i),
            cells: [
              <>
                {when(l.requestedAt)}
                <div className="muted">{t('letterBy', { requester: l.requestedBy })}</div>
                <div className="muted">{t('letterLanguage', { language: l.language })}</div>
              </>,
              <>
                {t(`letterState_${l.state}`)}
                {l.attempt > 1 ? <div className="muted">{t('letterAttempt', { attempt: l.attempt })}</div> : null}
                {l.handedToPrintAt ? <div className="muted">{t('letterHandedAt', { when: when(l.handedToPrintAt) })}</div> : null}
                {l.printedOrFailedAt ? (
                  <div className="muted">
                    {t(l.state === 'failed' ? 'letterFailedAt' : 'letterPrintedAt', { when: when(l.printedOrFailedAt) })}
                  </div>
                ) : null}
                {l.failureReason ? (
                  <div className="muted">{t('letterFailureReason', { reason: t(`letterFailure_${l.failureReason}`) })}</div>
                ) : null}
              </>,
              <>
                {code(l).map((line, n) => (
                  <div key={n}>{line}</div>
                ))}
              </>,
            ],
          }))}
        />
      )}
    </section>
  );
}
