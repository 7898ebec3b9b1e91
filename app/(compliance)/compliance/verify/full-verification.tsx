import { getTranslations } from 'next-intl/server';
import { RefreshWhileRunning } from '@/components/refresh-while-running';
import type { TFullRun } from '@/server/witnessing/full-verification';
import { startFullVerificationAction } from './actions';
import { noticeClass } from '@/components/notice-class';

type TAt = (date: Date) => { date: string; time: string };

/** The shared full recomputation: the one running (with its progress) or the last one's result, and the button to start one. */
export async function FullVerification({
  status,
  notice,
  at,
}: {
  status: { running: TFullRun | null; last: TFullRun | null };
  notice: 'started' | 'running' | null;
  at: TAt;
}) {
  const t = await getTranslations('compliance');
  const { running, last } = status;
  const who = (run: TFullRun) => ({ name: run.startedBy, ...at(run.startedAt) });
  const lastResult = (run: TFullRun) => {
    const r = run.result;
    if (run.outcome === 'OK' && r)
      return { ok: true, text: t('verifyFullOk', { ...who(run), count: r.entriesChecked, checkpoints: r.checkpoints.checked }) };
    if (run.outcome === 'BROKEN' && r?.firstBroken)
      return {
        ok: false,
        text: t('verifyFullBroken', { ...who(run), seq: r.firstBroken.seq, problem: t(`problem_${r.firstBroken.problem}`) }),
      };
    if (run.outcome === 'BROKEN' && r?.checkpoints.firstBad)
      return {
        ok: false,
        text: t('verifyFullCheckpointBad', {
          ...who(run),
          size: r.checkpoints.firstBad.treeSize,
          problem: t(`checkpointProblem_${r.checkpoints.firstBad.problem}`),
        }),
      };
    if (run.outcome === 'ABANDONED') return { ok: null, text: t('verifyFullAbandoned', who(run)) };
    return { ok: null, text: t('verifyFullFailed', who(run)) };
  };
  const shown = last ? lastResult(last) : null;
  return (
    <section aria-labelledby="full-heading">
      <h2 id="full-heading">{t('verifyFullHeading')}</h2>
      {notice ? (
        <p className="notice notice--ok" role="status">
          {t(notice === 'started' ? 'verifyFullStartedNotice' : 'verifyFullAlreadyRunningNotice')}
        </p>
      ) : null}
      {running ? (
        <div className="notice" role="status" data-testid="full-verification-running">
          <p>
            {t('verifyFullRunning', {
              ...who(running),
              checked: Number(running.checkedSeq),
              total: Number(running.headSeq),
            })}
          </p>
          <progress aria-label={t('verifyFullProgress')} value={Number(running.checkedSeq)} max={Math.max(1, Number(running.headSeq))} />
          {running.stalled ? <p>{t('verifyFullStalled')}</p> : null}
          {running.stalled ? null : <RefreshWhileRunning everyMs={2_000} />}
          <p>
            <a href="/compliance/verify#full-heading">{t('verifyFullReload')}</a>
          </p>
        </div>
      ) : null}
      <div className={noticeClass(shown?.ok)} data-testid="full-verification-last">
        <p>{shown ? shown.text : t('verifyFullNever')}</p>
      </div>
      {!running || running.stalled ? (
        <form action={startFullVerificationAction}>
          <p className="hint">{t('verifyFullStartHint')}</p>
          <p className="button-row">
            <button type="submit" className="button">
              {t('verifyFullStart')}
            </button>
          </p>
        </form>
      ) : null}
    </section>
  );
}
