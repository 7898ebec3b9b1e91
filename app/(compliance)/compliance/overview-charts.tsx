import { getTranslations } from 'next-intl/server';
import type { TDayFigures } from '@/server/compliance/overview-stats';
import { BarChart } from './bar-chart';

function dayLabels(days: TDayFigures[], locale: string) {
  const tag = locale === 'en' ? 'en-GB' : 'de-DE';
  const at = (day: string) => new Date(`${day}T12:00:00Z`);
  return {
    // "7 Nov" in English: "07/11" reads as 11 July to many readers; German "7.11." is unambiguous.
    axis: days.map((d) =>
      new Intl.DateTimeFormat(tag, { day: 'numeric', month: locale === 'en' ? 'short' : 'numeric', timeZone: 'UTC' }).format(at(d.day)),
    ),
    rows: days.map((d) =>
      new Intl.DateTimeFormat(tag, { weekday: 'short', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(at(d.day)),
    ),
  };
}

/** The overview's three charts over the same days: decisions, recording opt-in, denials and violations. */
export async function OverviewCharts({ stats, locale }: { stats: { days: TDayFigures[] }; locale: string }) {
  const t = await getTranslations('compliance');
  const labels = dayLabels(stats.days, locale);
  const pct = (v: number) => `${Math.round(v)} %`;
  const rate = stats.days.map((d) => (d.given ? (d.withRecording / d.given) * 100 : 0));
  const common = { axisLabels: labels.axis, rowLabels: labels.rows, tableCaption: t('chartsTable') };
  return (
    <>
      <BarChart
        id="chart-decisions"
        title={t('chartDecisions')}
        description={t('chartDecisionsDesc')}
        {...common}
        series={[
          { key: 'given', label: t('seriesGiven'), values: stats.days.map((d) => d.given), fill: '#0b4f8a' },
          { key: 'refused', label: t('seriesRefused'), values: stats.days.map((d) => d.refused), fill: '#8a5a00', hatch: 'diagonal' },
          { key: 'withdrawn', label: t('seriesWithdrawn'), values: stats.days.map((d) => d.withdrawn), fill: '#7a1f3d', hatch: 'dots' },
        ]}
      />
      <BarChart
        id="chart-recording"
        title={t('chartRecording')}
        description={t('chartRecordingDesc')}
        {...common}
        format={pct}
        maxValue={100}
        series={[{ key: 'rate', label: t('seriesRecordingRate'), values: rate, fill: '#0b4f8a' }]}
      />
      <BarChart
        id="chart-denials"
        title={t('chartDenials')}
        description={t('chartDenialsDesc')}
        {...common}
        series={[
          { key: 'denied', label: t('seriesDenied'), values: stats.days.map((d) => d.denied), fill: '#4a5565', hatch: 'diagonal' },
          { key: 'violations', label: t('seriesViolations'), values: stats.days.map((d) => d.violations), fill: '#b00020' },
        ]}
      />
    </>
  );
}
