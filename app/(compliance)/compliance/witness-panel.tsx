import { getLocale, getTranslations } from 'next-intl/server';
import { DataTable } from '@/components/data-table';
import { formatDateTime } from '@/components/format-time';
import type { TWitnessOverview } from '@/server/witnessing/witness-overview';
import type { TQuorumRule } from '@/shared/transparency/policy';

type TTranslate = Awaited<ReturnType<typeof getTranslations<'witnesses'>>>;

/** The policy's quorum in words: "2 of 2 (w1, w2)", groups nested in brackets. */
function describeQuorum(rule: TQuorumRule, t: TTranslate): string {
  if (rule.kind === 'none') return t('quorumNone');
  if (rule.kind === 'witness') return rule.name;
  const members = rule.members.map((m) => describeQuorum(m, t)).join(', ');
  return t('quorumGroup', { threshold: rule.threshold, count: rule.members.length, members });
}

/** Alarms that need someone now: a witness that saw a fork or a rollback, and witnessing that lags too long. */
export async function WitnessAlarms({ overview }: { overview: TWitnessOverview | null }) {
  if (!overview) return null;
  const t = await getTranslations('witnesses');
  const locale = await getLocale();
  const alarms = overview.witnesses.flatMap((w) => {
    if (!w.alarm || !w.alarmAt) return [];
    const at = formatDateTime(w.alarmAt, locale);
    return [{ key: w.vkey, text: t(`alarm_${w.alarm}`, { name: w.name, date: at.date, time: at.time }) }];
  });
  if (overview.lagAlarmSince) {
    const at = formatDateTime(overview.lagAlarmSince, locale);
    alarms.push({ key: 'lag', text: t('alarmLag', { limit: overview.lagLimitSeconds, date: at.date, time: at.time }) });
  }
  if (alarms.length === 0) return null;
  return (
    <div className="notice notice--error" role="alert" data-testid="witness-alarms">
      {alarms.map((a) => (
        <p key={a.key}>{a.text}</p>
      ))}
      <p>{t('alarmProcedure')}</p>
    </div>
  );
}

/** Who cosigns the log, how far the witnessed checkpoint is behind, and what each witness last did. */
export async function WitnessPanel({ overview }: { overview: TWitnessOverview | null }) {
  const t = await getTranslations('witnesses');
  const locale = await getLocale();
  if (!overview) {
    return (
      <section className="card" aria-labelledby="witness-heading">
        <h2 id="witness-heading">{t('heading')}</h2>
        <p data-testid="witnesses-none">{t('none')}</p>
      </section>
    );
  }
  const { lag } = overview;
  const witnessedAt = overview.witnessedAt ? formatDateTime(overview.witnessedAt, locale, { seconds: true }) : null;
  return (
    <section className="card" aria-labelledby="witness-heading" data-testid="witnesses">
      <h2 id="witness-heading">{t('heading')}</h2>
      <p>{t('intro', { quorum: describeQuorum(overview.quorum, t) })}</p>
      <p data-testid="witness-lag">
        {lag.witnessedSize === 0
          ? t('lagNothingWitnessed', { log: lag.logSize })
          : t('lag', { witnessed: lag.witnessedSize, log: lag.logSize, date: witnessedAt?.date ?? '', time: witnessedAt?.time ?? '' })}{' '}
        {lag.logSize > lag.witnessedSize ? t('lagOldest', { seconds: lag.lagSeconds, limit: overview.lagLimitSeconds }) : t('lagNone')}
      </p>
      <DataTable
        labelledBy="witness-heading"
        columns={[{ label: t('name') }, { label: t('cosigned') }, { label: t('contact') }, { label: t('state') }]}
        rows={overview.witnesses.map((w) => {
          const contact = w.lastContactAt ? formatDateTime(w.lastContactAt, locale, { seconds: true }) : null;
          const since = w.problemSince ? formatDateTime(w.problemSince, locale) : null;
          return {
            key: w.vkey,
            cells: [
              <span key="name">
                {w.name} <span className="hint">({w.url})</span>
              </span>,
              t('cosignedSize', { size: w.cosignedSize }),
              contact ? `${contact.date}, ${contact.time}` : t('never'),
              w.alarm ? (
                <span key="state" className="badge badge--open">
                  {t(`state_${w.alarm}`)}
                </span>
              ) : w.problem ? (
                <span key="state">
                  {t(`problem_${w.problem.kind}`)}
                  {since ? ` ${t('since', { date: since.date, time: since.time })}` : ''}{' '}
                  <span className="hint" lang="en">
                    {w.problem.detail}
                  </span>
                </span>
              ) : (
                t('stateOk')
              ),
            ],
          };
        })}
      />
    </section>
  );
}
