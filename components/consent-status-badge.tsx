import { getTranslations } from 'next-intl/server';
import { StatusIcon, type TStatusIcon } from '@/components/status-icon';
import type { TConsentStatus } from '@/server/consent-rules/call-permission';

const LOOK: Record<TConsentStatus, { tone: 'ok' | 'warn' | 'bad' | 'open'; icon: TStatusIcon }> = {
  unanswered: { tone: 'open', icon: 'clock' },
  given: { tone: 'ok', icon: 'check' },
  'given-with-recording': { tone: 'ok', icon: 'check' },
  'recording-withdrawn': { tone: 'ok', icon: 'check' },
  refused: { tone: 'open', icon: 'phone' },
  withdrawn: { tone: 'bad', icon: 'cross' },
  outdated: { tone: 'warn', icon: 'warning' },
  'service-changed': { tone: 'warn', icon: 'warning' },
};

/** A status is always a word with an icon; the colour only repeats it. */
export async function ConsentStatusBadge({ status }: { status: TConsentStatus }) {
  const t = await getTranslations('status');
  const look = LOOK[status];
  return (
    <span className={`status status--${look.tone}`} data-status={status}>
      <StatusIcon icon={look.icon} />
      {t(status)}
    </span>
  );
}
