import { getLocale, getTranslations } from 'next-intl/server';
import { LogWatcherLoader } from '@/components/log-watcher/log-watcher-loader';
import type { TLogWatcherLabels } from '@/components/log-watcher/log-watcher';

const LABELS: (keyof TLogWatcherLabels)[] = [
  'off',
  'turnOn',
  'turnOff',
  'turnedOff',
  'checking',
  'first',
  'consistent',
  'unreachable',
  'unverifiable',
  'alertTitle',
  'alertText',
  'alertWhatToDo',
  'download',
  'rewindTitle',
  'rewindText',
];

/**
 * The member's choice to let this browser check the consent log (docs/decisions/0059): what it does and
 * stores, then the control. Without JavaScript the explanation stays and says the check needs it.
 */
export async function LogWatchSection({ dpoEmail, witnessed }: { dpoEmail: string; witnessed: boolean }) {
  const t = await getTranslations('logWatch');
  // Raw templates: the client fills in sizes and dates it learns only when it checks.
  const labels = Object.fromEntries(LABELS.map((key) => [key, t.raw(key) as string])) as TLogWatcherLabels;
  return (
    <section className="card" aria-labelledby="log-watch-heading">
      <h2 id="log-watch-heading">{t('heading')}</h2>
      {/* Witnesses are promised only where the gateway's policy names some (WITNESS_POLICY_FILE). */}
      <p>{t(witnessed ? 'intro' : 'introWithoutWitnesses')}</p>
      <p>
        {t('storage')} <a href="/datenschutz">{t('privacyLink')}</a>.
      </p>
      <LogWatcherLoader labels={labels} locale={await getLocale()} dpoEmail={dpoEmail} needsJavaScript={t('noScript')} />
    </section>
  );
}
