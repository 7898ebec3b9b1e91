import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '@/server/logging/logger';
import { routeConsoleToLogger } from '@/server/logging/console-to-logger';

const original = { error: console.error, warn: console.warn };
const holder = globalThis as { __consentGatewayLogger?: unknown };

afterEach(() => {
  Object.assign(console, original);
  holder.__consentGatewayLogger = undefined;
});

describe('console output in the app process', () => {
  it('becomes log lines without the values an error carries', () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    holder.__consentGatewayLogger = createLogger({ level: 'info', destination });
    routeConsoleToLogger();
    const error = Object.assign(new Error('duplicate key value'), { detail: 'Key (login)=(A123456780) already exists.' });
    console.error('⨯', error);
    console.warn('slow query', { login: 'A123456780' });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'error',
        source: 'console',
        msg: '⨯',
        err: expect.objectContaining({ type: 'Error', message: 'duplicate key value' }) as unknown,
      }),
      expect.objectContaining({ level: 'warn', source: 'console', msg: 'slow query' }),
    ]);
    expect(JSON.stringify(lines)).not.toContain('A123456780');
  });
});
