import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { SignInThrottled, authenticate } from '@/server/auth/authenticate';
import { completeSignIn } from '@/server/auth/second-factor/complete-sign-in';
import { sessionIdFromCookies } from '@/server/auth/session-cookie';
import { signInNetwork } from '@/server/auth/sign-in-network';
import { TRUSTED_DEVICE_COOKIE } from '@/server/auth/trusted-device';
import { SESSION_MAX_AGE_SECONDS } from '@/server/auth/session-policy';
import { env } from '@/server/env';
import { requestLogger } from '@/server/logging/request-logger';

/** A sign-in refused for too many recent failures; the login form says so (code "throttled") and for how long. */
export class ThrottledSignin extends CredentialsSignin {
  code = 'throttled';
  constructor(readonly retryAfterSeconds: number) {
    super();
  }
}

function cookieValue(header: string | null, name: string): string | undefined {
  const found = (header ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${name}=`));
  return found ? decodeURIComponent(found.slice(name.length + 1)) : undefined;
}

// Auth.js keeps the encrypted session cookie; the session table keeps the truth. The token carries
// only the session id, and server/auth/current-actor.ts checks that row on every request, so
// signing out or changing the password ends a session at once (docs/decisions/0005-sessions.md).
/**
 * Sign-in providers that send the browser elsewhere and back (OIDC): only their callbacks are answered
 * under /api/auth (app/api/auth/[...nextauth]/route.ts). None yet; add a provider's id with the provider.
 */
export const REDIRECT_SIGN_IN_PROVIDERS: readonly string[] = [];

export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().AUTH_SECRET,
  trustHost: true,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/login', error: '/login' },
  logger: {
    // A wrong password is an expected outcome (logged in the consent log), not a server error.
    error(error) {
      if (!(error instanceof CredentialsSignin) && error.name !== 'CredentialsSignin')
        void requestLogger().then((log) => log.error({ err: error }, 'sign-in failed'));
    },
  },
  providers: [
    Credentials({
      credentials: { identifier: {}, password: {} },
      async authorize(credentials, request) {
        const device = cookieValue(request.headers.get('cookie'), TRUSTED_DEVICE_COOKIE);
        try {
          const result = await authenticate(credentials, signInNetwork(request.headers), { trustedDeviceToken: device });
          return result ? { id: result.accountId, sid: result.sessionId } : null;
        } catch (error) {
          if (error instanceof SignInThrottled) throw new ThrottledSignin(error.retryAfterSeconds);
          throw error;
        }
      },
    }),
    // The code step (docs/decisions/0040): the pending session named by the cookie the password step
    // set, plus a code, becomes a new, full session.
    Credentials({
      id: 'second-factor',
      credentials: { code: {}, recoveryCode: {} },
      async authorize(credentials, request) {
        const pendingId = await sessionIdFromCookies({
          get: (name) => {
            const value = cookieValue(request.headers.get('cookie'), name);
            return value === undefined ? undefined : { value };
          },
        });
        try {
          const result = await completeSignIn(pendingId, credentials, signInNetwork(request.headers));
          return result ? { id: result.accountId, sid: result.sessionId } : null;
        } catch (error) {
          if (error instanceof SignInThrottled) throw new ThrottledSignin(error.retryAfterSeconds);
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- Auth.js types user as always set; it is passed only at sign-in
      if (user) {
        token.sid = (user as { sid: string }).sid;
        delete token.name;
        delete token.email;
        delete token.picture;
      }
      return token;
    },
    session({ session, token }) {
      return { ...session, sid: token.sid as string | undefined };
    },
  },
}));
