import { getEventListeners } from 'node:events';
import { afterEach, expect, it } from 'vitest';
import { advisorEventStream } from '@/server/live/advisor-event-stream';
import { stopConsultationChanges } from '@/server/live/consultation-changes';
import { shutdownSignal } from '@/server/observability/graceful-shutdown';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';

const ADVISOR = { id: '00000000-0000-4000-8000-0000000000ad', sessionId: '00000000-0000-4000-8000-0000000000a5' };

describeEachDatabase("the advisor's event stream", (kind) => {
  useTestDatabase(kind);
  afterEach(() => stopConsultationChanges());

  it('leaves no listener on the process-wide shutdown signal once 200 streams have been opened and closed', async () => {
    const shutdown = shutdownSignal();
    const before = getEventListeners(shutdown, 'abort').length;
    const browsers = Array.from({ length: 200 }, () => new AbortController());
    const streams = browsers.map((browser) => advisorEventStream(ADVISOR, { request: browser.signal, shutdown }));
    const decoder = new TextDecoder();
    // Each stream is open once it has told the browser how soon to reconnect.
    const readers = streams.map((stream) => stream.getReader());
    const first = await Promise.all(readers.map(async (reader) => decoder.decode((await reader.read()).value)));
    expect(new Set(first)).toEqual(new Set(['retry: 3000\n\n']));
    expect(getEventListeners(shutdown, 'abort').length).toBe(before + 200);
    // The browsers leave: every stream ends, and takes its listeners with it.
    for (const browser of browsers) browser.abort();
    expect((await Promise.all(readers.map((reader) => reader.read()))).every((r) => r.done)).toBe(true);
    expect(getEventListeners(shutdown, 'abort').length).toBe(before);
    expect(browsers.map((b) => getEventListeners(b.signal, 'abort').length).every((n) => n === 0)).toBe(true);
  });

  it('a browser gone before the stream was open ends it at once, with nothing left behind', async () => {
    const shutdown = shutdownSignal();
    const before = getEventListeners(shutdown, 'abort').length;
    const browser = new AbortController();
    browser.abort();
    const reader = advisorEventStream(ADVISOR, { request: browser.signal, shutdown }).getReader();
    expect((await reader.read()).done).toBe(true);
    expect(getEventListeners(shutdown, 'abort').length).toBe(before);
  });
});
