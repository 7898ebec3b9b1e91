import 'server-only';
import pino, { type DestinationStream, type Logger } from 'pino';
import { z } from 'zod';

// Parsed apart from server/env.ts (like server/db/database-target.ts), so that the database layer,
// which the command-line tools share, can log without the app's secrets.
export const ZLogEnv = z.object({
  /** How much the app logs: fatal, error, warn, info (default), debug, trace, or silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export function logLevel(source: Record<string, string | undefined> = process.env): z.infer<typeof ZLogEnv>['LOG_LEVEL'] {
  const result = ZLogEnv.safeParse(source);
  if (!result.success)
    throw new Error(
      `Invalid configuration: LOG_LEVEL must be one of ${ZLogEnv.shape.LOG_LEVEL.unwrap().options.join(', ')}. See README (Configuration).`,
    );
  return result.data.LOG_LEVEL;
}

/**
 * Keys whose values never reach the log, at the top level or one level down (`{ actor: { accountId } }`).
 * Log lines name what happened and the record's technical id; a mistake that passes a person's data
 * anyway is masked here. The network is logged only as its pseudonym (docs/decisions/0007), if at all.
 */
export const REDACTED_KEYS = [
  'accountId',
  'memberId',
  'advisorId',
  'actorId',
  'subjectId',
  'login',
  'identifier',
  'insuranceNumber',
  'companyNumber',
  'name',
  'displayName',
  'email',
  'phone',
  'callbackPhone',
  'password',
  'ip',
  'clientIp',
  'remoteAddress',
  'cookie',
  'authorization',
  'token',
  'secret',
] as const;

const REDACT_PATHS = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]);

type TLoggedError = { type: string; message: string; code?: string; stack?: string };

/**
 * Errors keep their type, message, code and stack only: driver errors carry the offending values in
 * other fields (PostgreSQL's `detail`: "Key (login)=(…) already exists"), Prisma's in `meta`.
 */
export function serializeError(error: unknown): TLoggedError {
  if (!(error instanceof Error)) return { type: typeof error, message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { type: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}), stack: error.stack };
}

/** A logger writing JSON lines; `destination` defaults to stdout (tests pass their own stream). */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? logLevel(),
      base: { service: 'consent-gateway', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: serializeError, error: serializeError },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    options.destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

// One logger per process (on globalThis, like the database handle), so Next's bundles share it.
const holder = globalThis as typeof globalThis & { __consentGatewayLogger?: Logger };

/** The process's logger: JSON lines on stdout, level from LOG_LEVEL. */
export function logger(): Logger {
  holder.__consentGatewayLogger ??= createLogger();
  return holder.__consentGatewayLogger;
}
