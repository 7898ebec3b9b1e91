// An advisor's open event stream (/api/advisor/events) as the benchmarks hold it: each consultation's next
// change resolves with the time it arrived, and a stream that ends or fails is told to the caller.

export type TEventStream = {
  /** Resolves with performance.now() when the consultation's next change arrives on this stream. */
  next(consultationId: string): Promise<number>;
  /** Resolves when the stream ends: closed by us (`aborted`) or by the server or the network (an error unless expected). */
  ended: Promise<{ aborted: boolean }>;
  close(): void;
};

export async function openEventStream(base: string, cookie: string): Promise<TEventStream> {
  const waiting = new Map<string, (at: number) => void>();
  const controller = new AbortController();
  const response = await fetch(`${base}/api/advisor/events`, { headers: { cookie }, signal: controller.signal });
  if (!response.ok || !response.body) throw new Error(`event stream refused: ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const ended = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return { aborted: controller.signal.aborted };
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const event = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = /^data: (.*)$/m.exec(event)?.[1];
          const id = data ? (JSON.parse(data) as { consultationId?: string }).consultationId : undefined;
          if (id) waiting.get(id)?.(performance.now());
        }
      }
    } catch {
      return { aborted: controller.signal.aborted };
    }
  })();
  return {
    next: (consultationId) => new Promise<number>((resolve) => waiting.set(consultationId, resolve)),
    ended,
    close: () => controller.abort(),
  };
}
