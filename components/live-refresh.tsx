'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * Keeps a server-rendered page current: on every change event from `source` (Server-Sent Events) the
 * page's server components render again, without a reload and without losing scroll position or
 * focus. Without JavaScript the page shows the state at load time.
 */
export function LiveRefresh({ source }: { source: string }) {
  const router = useRouter();
  useEffect(() => {
    const events = new EventSource(source);
    let pending: ReturnType<typeof setTimeout> | undefined;
    // Several changes in a burst (a consent and its log entry, say) cause one refresh.
    const refresh = () => {
      clearTimeout(pending);
      pending = setTimeout(() => router.refresh(), 150);
    };
    events.addEventListener('change', refresh);
    events.addEventListener('unavailable', () => events.close());
    return () => {
      clearTimeout(pending);
      events.close();
    };
  }, [source, router]);
  return null;
}
