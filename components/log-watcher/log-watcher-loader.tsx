'use client';

// The log watcher's code is a chunk of its own, fetched after the page has rendered, and only on the member
// pages that show it (never the consent page): nothing of it is in a page's first paint. Until the page
// runs JavaScript (and without it, for good) the server-rendered note says the check needs it.
import dynamic from 'next/dynamic';
import { useSyncExternalStore } from 'react';
import type { TLogWatcherProps } from '@/components/log-watcher/log-watcher';

const LogWatcher = dynamic(() => import('@/components/log-watcher/log-watcher'), { ssr: false });

const noSubscription = () => () => undefined;

export function LogWatcherLoader({ needsJavaScript, ...props }: TLogWatcherProps & { needsJavaScript: string }) {
  const running = useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
  return running ? <LogWatcher {...props} /> : <p className="notice">{needsJavaScript}</p>;
}
