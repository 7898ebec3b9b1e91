// What a browser without JavaScript does, over plain HTTP, so that many members can act at once without
// a browser each: a signed-in session, the consent page's served token, the form post, and an advisor's
// event stream.
import { randomUUID } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import type { TDb } from '@/server/db/client';
import { AUTH_SECRET } from '../env';

// The cookie Auth.js sets over plain http; its name is also the key derivation's salt.
const COOKIE_NAME = 'authjs.session-token';

/**
 * A live session for the account, as signing in creates it (a session row and the encrypted cookie
 * naming it), without the password check: signing in a hundred members would measure Argon2, not the
 * instances (and the sign-in throttle would slow them, rightly).
 */
export async function sessionCookie(prisma: TDb, account: { id: string; kind: string }): Promise<string> {
  const id = randomUUID();
  const idle = account.kind === 'MEMBER' || account.kind === 'EMPLOYER' ? 30 * 60 : 60 * 60;
  await prisma.session.create({ data: { id, accountId: account.id, lastSeenAt: new Date(), idleTimeoutSeconds: idle } });
  const token = await encode({ token: { sid: id, sub: account.id }, secret: AUTH_SECRET, salt: COOKIE_NAME, maxAge: 12 * 60 * 60 });
  return `${COOKIE_NAME}=${token}`;
}

/** Loads the member's consent page from `base` and returns the served token its form carries. */
export async function servedTokenFrom(base: string, cookie: string, consultationId: string): Promise<string> {
  const response = await fetch(`${base}/member/consultations/${consultationId}`, { headers: { cookie }, redirect: 'manual' });
  const html = await response.text();
  const token = /name="servedToken" value="([^"]+)"/.exec(html)?.[1];
  if (response.status !== 200 || !token) throw new Error(`no consent form on ${base} for ${consultationId} (${response.status})`);
  return token;
}

export type TSubmission = { status: number; location: string | null };

/** Posts the consent form (transmission ticked) to `base`, as the browser does without JavaScript. */
export async function submitConsent(base: string, cookie: string, consultationId: string, servedToken: string): Promise<TSubmission> {
  const response = await fetch(`${base}/api/consultations/${consultationId}/decision`, {
    method: 'POST',
    body: new URLSearchParams({ servedToken, intent: 'consent', transmission: 'yes' }).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie, origin: base },
    redirect: 'manual',
  });
  await response.arrayBuffer();
  return { status: response.status, location: response.headers.get('location') };
}

export type TEventStream = {
  /** Resolves with the data of the first `change` event naming the consultation. */
  changeFor(consultationId: string, timeoutMs: number): Promise<void>;
  close(): void;
};

/** Opens the advisor's event stream on `base`; resolves once the stream is subscribed (its `retry` line came). */
export async function openEventStream(base: string, cookie: string): Promise<TEventStream> {
  const aborter = new AbortController();
  const response = await fetch(`${base}/api/advisor/events`, { headers: { cookie, accept: 'text/event-stream' }, signal: aborter.signal });
  if (response.status !== 200 || !response.body) throw new Error(`event stream on ${base} answered ${response.status}`);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let received = '';
  const waiters = new Set<() => void>();
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        received += value;
        for (const wake of waiters) wake();
      }
    } catch {
      // closed by us
    }
  })();
  const until = (predicate: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${what} did not arrive on ${base} within ${timeoutMs} ms; received: ${JSON.stringify(received)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  // The route subscribes before it sends `retry`: from then on no change is missed.
  await until(() => received.includes('retry: 3000'), 10_000, 'the retry line');
  return {
    changeFor: (consultationId, timeoutMs) =>
      until(
        () => received.includes(`event: change\ndata: ${JSON.stringify({ consultationId })}\n\n`),
        timeoutMs,
        `a change event for ${consultationId}`,
      ),
    close: () => aborter.abort(),
  };
}
