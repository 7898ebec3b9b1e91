import { getTranslations } from 'next-intl/server';
import type { TNewEntriesCheck } from '@/server/witnessing/verify-new-entries';
import { noticeClass } from '@/components/notice-class';

type TAt = (date: Date) => { date: string; time: string };

/** The check of the entries added since the last full recomputation, run when the page opened. */
export async function NewEntriesCheck({ check, at }: { check: TNewEntriesCheck; at: TAt }) {
  const t = await getTranslations('compliance');
  const body = () => {
    if (check.kind === 'no-anchor') return { ok: null, lines: [t('verifyNewNoAnchor')] };
    if (check.kind === 'anchor-mismatch') return { ok: false, lines: [t('verifyNewAnchorMismatch', { seq: String(check.anchor.seq) })] };
    const { run, anchor } = check;
    const last = run.lastVerifiedAt ? at(run.lastVerifiedAt) : null;
    const from = String(anchor.seq + 1n);
    const lines: string[] = [];
    if (run.firstBroken) {
      lines.push(
        t('verifyBroken', {
          seq: String(run.firstBroken.seq),
          problem: t(`problem_${run.firstBroken.problem}`),
          last: String(run.lastVerifiedSeq),
        }),
      );
      if (last) lines.push(t('verifyLastGood', { seq: String(run.lastVerifiedSeq), date: last.date, time: last.time }));
    } else if (run.entriesChecked === 0) lines.push(t('verifyNewNone', { seq: String(anchor.seq) }));
    else if (run.checkpoints.firstBad) lines.push(t('verifyNewLinkedButCheckpointBad', { count: run.entriesChecked }));
    else
      lines.push(
        t('verifyNewOk', {
          count: run.entriesChecked,
          from,
          to: String(run.lastVerifiedSeq),
          date: last?.date ?? '',
          time: last?.time ?? '',
        }),
      );
    if (run.checkpoints.firstBad)
      lines.push(
        t('verifyCheckpointBad', {
          size: String(run.checkpoints.firstBad.treeSize),
          problem: t(`checkpointProblem_${run.checkpoints.firstBad.problem}`),
        }),
      );
    else if (run.checkpoints.checked > 0) lines.push(t('verifyCheckpoints', { count: run.checkpoints.checked }));
    if (run.checkpoints.notCheckedAfterBreak > 0)
      lines.push(t('verifyCheckpointsAfterBreak', { count: run.checkpoints.notCheckedAfterBreak }));
    const full = at(anchor.finishedAt);
    lines.push(
      t('verifyNewCovers', { seq: String(anchor.seq), date: full.date, time: full.time, anchor: t(`verifyAnchor_${anchor.kind}`) }),
    );
    return { ok: run.ok, lines };
  };
  const { ok, lines } = body();
  return (
    <section aria-labelledby="new-entries-heading">
      <h2 id="new-entries-heading">{t('verifyNewHeading')}</h2>
      <div className={noticeClass(ok)} role="status" data-testid="verify-result">
        {lines.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
    </section>
  );
}
