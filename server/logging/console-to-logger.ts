import 'server-only';
import { logger } from '@/server/logging/logger';

/**
 * Next prints the errors it catches itself, with console.error and every property of the error (a
 * driver error's `detail` holds row values: "Key (login)=(…) already exists"). In the app process
 * console.error and console.warn therefore become log lines: strings are kept as the message, an error
 * is reduced as the logger reduces it (type, message, code, stack), other objects are left out.
 */
export function routeConsoleToLogger(): void {
  const log = logger().child({ source: 'console' });
  const forward =
    (level: 'error' | 'warn') =>
    (...args: unknown[]): void => {
      const err = args.find((a): a is Error => a instanceof Error);
      const text = args
        .filter((a) => typeof a === 'string' || typeof a === 'number')
        .join(' ')
        .trim();
      log[level](err ? { err } : {}, text || err?.message || '(no message)');
    };
  console.error = forward('error');
  console.warn = forward('warn');
}
