'use client';

import { useEffect, useRef, useState } from 'react';

const WARN_BEFORE_MS = 2 * 60 * 1000;

type TProps = {
  expiresAt: string;
  /** Pages a person keeps open while working (an advisor's call page) extend the session themselves. */
  keepAlive?: boolean;
  locale: string;
  /** `text` contains {time}, filled in with the moment the session ends. */
  labels: { title: string; text: string; extend: string };
  /** The server action that extends the session and returns its new end (null once it has ended). */
  extendSession: () => Promise<string | null>;
};

/**
 * Warns two minutes before an idle session ends and offers to extend it (WCAG 2.2.1 Timing
 * Adjustable). Without JavaScript the page states the end time instead.
 */
export function SessionTimeout({ expiresAt, keepAlive = false, locale, labels, extendSession }: TProps) {
  const [deadline, setDeadline] = useState(() => new Date(expiresAt).getTime());
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const now = Date.now();
    const warnTimer = window.setTimeout(() => dialog.current?.showModal(), Math.max(0, deadline - WARN_BEFORE_MS - now));
    const endTimer = window.setTimeout(() => window.location.assign('/login?expired=1'), Math.max(0, deadline - now + 1000));
    const alive = keepAlive
      ? window.setInterval(
          () => {
            void extendSession().then((next) => {
              if (next) setDeadline(new Date(next).getTime());
            });
          },
          5 * 60 * 1000,
        )
      : undefined;
    return () => {
      window.clearTimeout(warnTimer);
      window.clearTimeout(endTimer);
      if (alive) window.clearInterval(alive);
    };
  }, [deadline, keepAlive, extendSession]);

  async function extend() {
    const next = await extendSession();
    dialog.current?.close();
    if (next) setDeadline(new Date(next).getTime());
    else window.location.assign('/login?expired=1');
  }

  const endsAt = new Date(deadline).toLocaleTimeString(locale === 'en' ? 'en-GB' : 'de-DE', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Berlin',
  });

  return (
    <dialog ref={dialog} className="session-warning" aria-labelledby="session-warning-title" aria-describedby="session-warning-text">
      <h2 id="session-warning-title">{labels.title}</h2>
      <p id="session-warning-text">{labels.text.replace('{time}', endsAt)}</p>
      <button type="button" className="button" onClick={() => void extend()}>
        {labels.extend}
      </button>
    </dialog>
  );
}
