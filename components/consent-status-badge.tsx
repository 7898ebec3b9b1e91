import { getTranslations } from 'next-intl/server';
import type { TConsentStatus } from '@/server/consent-rules/call-permission';

const LOOK: Record<TConsentStatus, { tone: 'ok' | 'warn' | 'bad' | 'open'; symbol: string }> = {
  unanswered: { tone: 'open', symbol: '?' },
  given: { tone: 'ok', symbol: '✓' },
  'given-with-recording': { tone: 'ok', symbol: '✓' },
  'recording-withdrawn': { tone: 'ok', symbol: '✓' },
  refused: { tone: 'open', symbol: '☎' },
  withdrawn: { tone: 'bad', symbol: '✕' },
  outdated: { tone: 'warn', symbol: '!' },
  'service-changed': { tone: 'warn', symbol: '!' },
};

/** A status is always a word with a symbol; the colour only repeats it. */
export async function ConsentStatusBadge({ status }: { status: TConsentStatus }) {
  const t = await getTranslations('status');
  const look = LOOK[status];
  return (
    <span className={`status status--${look.tone}`} data-status={status}>
      <span aria-hidden="true">{look.symbol}</span>
      {t(status)}
    </span>
  );
}
