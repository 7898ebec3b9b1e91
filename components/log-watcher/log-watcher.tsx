'use client';

// The member's browser as a watcher of the consent log (docs/decisions/0059). Loaded lazily, as its own
// chunk, by log-watcher-loader.tsx; never on the consent page. Off until the member turns it on.
import { useEffect, useMemo, useState } from 'react';
import { createTranslator } from 'use-intl/core';
import { type TWatchResult, checkLog } from '@/components/log-watcher/check-log';
import { readStored, removeStored, writeStored } from '@/components/log-watcher/kept-checkpoint-store';
import { formatWhen } from '@/components/format-time';

export type TLogWatcherLabels = Record<
  | 'off'
  | 'turnOn'
  | 'turnOff'
  | 'turnedOff'
  | 'checking'
  | 'first'
  | 'consistent'
  | 'unreachable'
  | 'unverifiable'
  | 'alertTitle'
  | 'alertText'
  | 'alertWhatToDo'
  | 'download'
  | 'rewindTitle'
  | 'rewindText',
  string
>;

export type TLogWatcherProps = { labels: TLogWatcherLabels; locale: string; dpoEmail: string };

type TPhase = { kind: 'off'; turnedOff: boolean } | { kind: 'checking' } | { kind: 'checked'; result: TWatchResult };

const getFromGateway = (path: string) => fetch(path, { cache: 'no-store', credentials: 'omit' });

/** One check while the check is on, keeping what verified; null when it is off (or was turned off meanwhile). */
async function watchOnce(): Promise<TWatchResult | null> {
  const stored = readStored(window.localStorage);
  if (!stored) return null;
  // A browser without WebCrypto's Ed25519 cannot run the check: like an unreachable log, that is no finding.
  const result = await checkLog(getFromGateway, stored.kept, new Date()).catch((): TWatchResult => ({ kind: 'unreachable' }));
  if (!readStored(window.localStorage)) return null;
  if (result.kind === 'consistent') writeStored(window.localStorage, result.kept);
  return result;
}

export default function LogWatcher({ labels, locale, dpoEmail }: TLogWatcherProps) {
  // Rendered in the browser only (next/dynamic with ssr: false), so the first state can come from the device.
  const [phase, setPhase] = useState<TPhase>(() =>
    readStored(window.localStorage) ? { kind: 'checking' } : { kind: 'off', turnedOff: false },
  );

  useEffect(() => {
    let mounted = true;
    void watchOnce().then((result) => {
      if (mounted && result) setPhase({ kind: 'checked', result });
    });
    return () => {
      mounted = false;
    };
  }, []);

  const on = phase.kind !== 'off';
  const toggle = () => {
    if (on) {
      removeStored(window.localStorage);
      setPhase({ kind: 'off', turnedOff: true });
    } else {
      writeStored(window.localStorage, null);
      setPhase({ kind: 'checking' });
      void watchOnce().then((result) => {
        if (result) setPhase({ kind: 'checked', result });
      });
    }
  };

  // The messages as ICU templates (plurals, numbers in the member's locale), filled in here with what the check found.
  const t = useMemo(() => createTranslator({ locale, messages: labels }), [locale, labels]);
  const result = phase.kind === 'checked' ? phase.result : null;
  const when = (iso: string) => formatWhen(new Date(iso), locale);
  let status = '';
  if (phase.kind === 'off') status = phase.turnedOff ? t('turnedOff') : t('off');
  else if (phase.kind === 'checking') status = t('checking');
  else if (result?.kind === 'consistent')
    status = result.previous
      ? t('consistent', {
          date: when(result.previous.checkedAt),
          previousSize: result.previous.treeSize,
          size: result.kept.treeSize,
        })
      : t('first', { size: result.kept.treeSize });
  else if (result?.kind === 'unreachable') status = t('unreachable');
  else if (result?.kind === 'unverifiable') status = t('unverifiable', { dpoEmail });

  return (
    <div className="log-watch">
      {/* A polite live region, not role="status": the pages' own confirmations are their status messages. */}
      <p
        aria-live="polite"
        aria-atomic="true"
        className={result?.kind === 'consistent' ? 'log-watch-status log-watch-status--ok' : 'log-watch-status'}
      >
        {status}
      </p>
      {result?.kind === 'misbehaviour' || result?.kind === 'rewind' ? (
        <div role="alert" className="notice notice--error">
          <h3>{result.kind === 'rewind' ? t('rewindTitle') : t('alertTitle')}</h3>
          {result.kind === 'rewind' ? (
            <p>
              {t('rewindText', {
                size: result.servedSize,
                date: when(result.previous.checkedAt),
                previousSize: result.previous.treeSize,
                dpoEmail,
              })}
            </p>
          ) : (
            <>
              <p>{t('alertText', { date: when(result.previous.checkedAt), previousSize: result.previous.treeSize })}</p>
              <p>{t('alertWhatToDo', { dpoEmail })}</p>
              <p>
                <a
                  className="button"
                  download="consent-log-misbehaviour-proof.json"
                  href={`data:application/json;charset=utf-8,${encodeURIComponent(`${JSON.stringify(result.proof, null, 2)}\n`)}`}
                >
                  {t('download')}
                </a>
              </p>
            </>
          )}
        </div>
      ) : null}
      <button type="button" className="button button--secondary" onClick={toggle}>
        {on ? t('turnOff') : t('turnOn')}
      </button>
    </div>
  );
}
