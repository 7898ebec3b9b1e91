'use client';

import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

/**
 * Renders the page's server components again every `everyMs` while it is shown (a job's progress), keeping
 * scroll position and focus. Without JavaScript the page offers a link to reload instead.
 */
export function RefreshWhileRunning({ everyMs }: { everyMs: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => router.refresh(), everyMs);
    return () => clearInterval(timer);
  }, [everyMs, router]);
  return null;
}
