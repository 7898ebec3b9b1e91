// Members submitting consent decisions over HTTP as a browser without JavaScript does: open the consent
// page (which serves a fresh signed token, the submission's idempotency key), post the form, follow
// nothing. Used by the crash tests to record which submissions the gateway acknowledged before it (or
// its database) went down, and to retry every one of them afterwards with the same served token.
import { randomUUID } from 'node:crypto';
import { encode } from 'next-auth/jwt';
import { createAccount, createConsultation } from '@/prisma/seed/factories';
import type { TDb } from '@/server/db/client';
import { TEST_PASSWORD, createServices, randomInsuranceNumber } from '@/tests/scenario';
import { AUTH_SECRET } from '../env';

// The cookie Auth.js sets over plain http; its name is also the key derivation's salt.
const COOKIE_NAME = 'authjs.session-token';

/** A member with a session and consultations of their own, each to be decided on by the stream. */
export type TStreamMember = { memberId: string; consultationIds: string[]; cookie: string };

/**
 * Members with `consultations` consultations each on the own video service and a live session (stored
 * session row, cookie encrypted as Auth.js does): signing dozens of members in through the form would
 * trip the sign-in throttling per network (docs/decisions/0036), which is not what these tests are about.
 */
export async function createStreamMembers(prisma: TDb, count: number, consultations: number): Promise<TStreamMember[]> {
  const services = await createServices(prisma);
  const advisor = await createAccount(prisma, {
    kind: 'ADVISOR',
    loginName: `advisor.crash.${randomUUID().slice(0, 8)}`,
    displayName: 'Test Beratung',
    password: TEST_PASSWORD,
  });
  const members: TStreamMember[] = [];
  for (let i = 0; i < count; i++) {
    const member = await createAccount(prisma, {
      kind: 'MEMBER',
      loginName: randomInsuranceNumber(),
      displayName: `Test Mitglied ${i}`,
      password: TEST_PASSWORD,
    });
    const consultationIds: string[] = [];
    for (let k = 0; k < consultations; k++) {
      const consultation = await createConsultation(prisma, {
        memberId: member.id,
        advisorId: advisor.id,
        videoServiceId: services.own.id,
        topic: 'Rehabilitation',
        startsAt: new Date(Date.now() + (2 + k) * 60 * 60 * 1000),
      });
      consultationIds.push(consultation.id);
    }
    const sessionId = randomUUID();
    await prisma.session.create({ data: { id: sessionId, accountId: member.id, lastSeenAt: new Date(), idleTimeoutSeconds: 30 * 60 } });
    const token = await encode({ token: { sid: sessionId, sub: member.id }, secret: AUTH_SECRET, salt: COOKIE_NAME, maxAge: 12 * 60 * 60 });
    members.push({ memberId: member.id, consultationIds, cookie: `${COOKIE_NAME}=${token}` });
  }
  return members;
}

/** What happened to one submission's first attempt. */
export type TFirstAttempt =
  /** 303 to the page with `?saved=…`: the gateway said it is recorded. */
  | { kind: 'acknowledged'; location: string }
  /** An HTTP answer that is not a success (e.g. 500 while the database was down). */
  | { kind: 'failed'; status: number }
  /** No answer: the connection broke (the app was killed) or never opened. */
  | { kind: 'cut'; error: string }
  /** Sent, answer not yet in. */
  | { kind: 'in-flight' };

export type TSubmission = {
  member: TStreamMember;
  consultationId: string;
  servedToken: string;
  /** The served token's nonce (unique per page), as the decision and its log entry store it. */
  nonce: string;
  choice: 'consent' | 'consent-recording' | 'refuse';
  expected: 'given' | 'refused';
  body: string;
  first: TFirstAttempt;
};

const ENTITIES: Record<string, string> = { '&quot;': '"', '&amp;': '&', '&lt;': '<', '&gt;': '>', '&#x27;': "'", '&#39;': "'" };
const decode = (value: string) => value.replace(/&(quot|amp|lt|gt|#x27|#39);/g, (m) => ENTITIES[m] ?? m);

function servedTokenOf(html: string): string | null {
  const match = /<input type="hidden" name="servedToken" value="([^"]+)"/.exec(html);
  return match ? decode(match[1]!) : null;
}

export function nonceOf(servedToken: string): string {
  const claims = JSON.parse(Buffer.from(servedToken.split('.')[0]!, 'base64url').toString('utf8')) as { n: string };
  return claims.n;
}

function formBody(servedToken: string, choice: TSubmission['choice']): string {
  const fields: [string, string][] = [['servedToken', servedToken]];
  if (choice === 'refuse') fields.push(['phone', '030 1234567'], ['intent', 'refuse']);
  else {
    fields.push(['transmission', 'yes']);
    if (choice === 'consent-recording') fields.push(['recording', 'yes']);
    fields.push(['intent', 'consent']);
  }
  return new URLSearchParams(fields).toString();
}

/** Posts a submission's form once; the answer as the first-attempt kinds name it. */
export async function postDecision(
  baseURL: string,
  submission: Pick<TSubmission, 'member' | 'consultationId' | 'body'>,
  timeoutMs = 15_000,
): Promise<Exclude<TFirstAttempt, { kind: 'in-flight' }>> {
  try {
    const response = await fetch(`${baseURL}/api/consultations/${submission.consultationId}/decision`, {
      method: 'POST',
      body: submission.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: submission.member.cookie, origin: baseURL },
    });
    await response.arrayBuffer();
    const location = response.headers.get('location') ?? '';
    if (response.status === 303 && /\?saved=(given|refused)$/.test(location)) return { kind: 'acknowledged', location };
    return { kind: 'failed', status: response.status };
  } catch (error) {
    const textOf = (value: unknown) =>
      value instanceof Error || typeof value === 'string'
        ? String(value)
        : value === undefined || value === null
          ? ''
          : JSON.stringify(value);
    return {
      kind: 'cut',
      error: error instanceof Error ? `${error.message} ${textOf((error as { cause?: unknown }).cause)}` : String(error),
    };
  }
}

// The consent page offers its form while the consultation is undecided or refused: each consultation
// is first refused (with a phone number), then consented to, with or without recording in turn.
const TURNS: TSubmission['choice'][][] = [
  ['refuse', 'consent'],
  ['refuse', 'consent-recording'],
];

export type TConsentStream = {
  submissions: TSubmission[];
  acknowledged(): number;
  /** Page loads that failed (tried again, nothing submitted meanwhile). */
  pageFailures(): number;
  /** Pages that showed no form (nothing left to decide on that consultation). */
  pagesWithoutForm(): number;
  /** Submissions posted whose answer is not in yet. */
  inFlight(): number;
  /** Resolves once `count` more submissions were acknowledged. */
  waitForAcknowledged(count: number, timeoutMs?: number): Promise<void>;
  /** Lets every client finish its current step and resolves when all have stopped. */
  stop(): Promise<void>;
};

/**
 * Every member runs one client that goes through the member's consultations: load the consent page
 * (a fresh served token each time), post a decision, next. Errors do not stop a client: it pauses
 * briefly and goes on, as a member pressing the button again after an error page would. The stream
 * ends when `stop()` is called or every consultation was decided on.
 */
export function startConsentStream(baseURL: string, members: TStreamMember[]): TConsentStream {
  const submissions: TSubmission[] = [];
  let stopped = false;
  let failedPages = 0;
  let pagesWithoutForm = 0;
  let acked = 0;
  const wakers = new Set<() => void>();
  const pause = () => new Promise((resolve) => setTimeout(resolve, 100));

  /** The consent page's served token; null when the page shows no form (nothing to decide); STOPPED once the stream stops. */
  const STOPPED = Symbol('stopped');
  const loadPage = async (member: TStreamMember, consultationId: string): Promise<string | null | typeof STOPPED> => {
    for (;;) {
      if (stopped) return STOPPED;
      try {
        const page = await fetch(`${baseURL}/member/consultations/${consultationId}`, {
          headers: { cookie: member.cookie },
          redirect: 'manual',
          signal: AbortSignal.timeout(15_000),
        });
        const html = await page.text();
        if (page.status === 200) return servedTokenOf(html);
      } catch {
        // the app or its database is down: try again, as a member reloading would
      }
      failedPages++;
      await pause();
    }
  };

  const client = async (member: TStreamMember, offset: number) => {
    for (const [k, consultationId] of member.consultationIds.entries()) {
      for (const choice of TURNS[(k + offset) % TURNS.length]!) {
        if (stopped) return;
        const servedToken = await loadPage(member, consultationId);
        if (servedToken === STOPPED) return;
        if (!servedToken) {
          pagesWithoutForm++;
          continue;
        }
        const submission: TSubmission = {
          member,
          consultationId,
          servedToken,
          nonce: nonceOf(servedToken),
          choice,
          expected: choice === 'refuse' ? 'refused' : 'given',
          body: formBody(servedToken, choice),
          first: { kind: 'in-flight' },
        };
        submissions.push(submission);
        submission.first = await postDecision(baseURL, submission);
        if (submission.first.kind === 'acknowledged') {
          acked++;
          for (const wake of wakers) wake();
        } else await pause();
      }
    }
  };
  const running = Promise.all(members.map((member, i) => client(member, i)));

  return {
    submissions,
    acknowledged: () => acked,
    pageFailures: () => failedPages,
    inFlight: () => submissions.filter((s) => s.first.kind === 'in-flight').length,
    pagesWithoutForm: () => pagesWithoutForm,
    waitForAcknowledged(count, timeoutMs = 30_000) {
      const target = acked + count;
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (acked < target) return;
          wakers.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          wakers.delete(check);
          reject(new Error(`only ${acked - (target - count)} of ${count} more submissions acknowledged within ${timeoutMs} ms`));
        }, timeoutMs);
        wakers.add(check);
      });
    },
    async stop() {
      stopped = true;
      await running;
    },
  };
}
