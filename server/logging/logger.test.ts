import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { REDACTED_KEYS, createLogger, logLevel } from '@/server/logging/logger';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: createLogger({ level: 'info', destination }) };
}

describe('logger', () => {
  it('writes one JSON object per line with level, time, service and message', () => {
    const { lines, log } = capture();
    log.info({ requestId: '0f8e2c1a-7d3b-4c55-9a10-6b2e3f4d5c6a', route: '/api/ready' }, 'not ready');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        service: 'consent-gateway',
        msg: 'not ready',
        requestId: '0f8e2c1a-7d3b-4c55-9a10-6b2e3f4d5c6a',
        route: '/api/ready',
      }),
    ]);
    expect(new Date(lines[0]!.time as string).toISOString()).toBe(lines[0]!.time);
  });

  it('masks every listed key, at the top level and one level down', () => {
    const { lines, log } = capture();
    const personal = Object.fromEntries(REDACTED_KEYS.map((key) => [key, `personal-${key}`]));
    log.warn({ ...personal, actor: { ...personal }, consultationId: 'c1' }, 'something happened');
    const line = lines[0]!;
    const text = JSON.stringify(line);
    for (const key of REDACTED_KEYS) {
      expect(line[key], key).toBe('[redacted]');
      expect((line.actor as Record<string, unknown>)[key], `actor.${key}`).toBe('[redacted]');
    }
    expect(text).not.toContain('personal-');
    expect(line.consultationId).toBe('c1');
  });

  it('logs errors by type, message, code and stack only, never the values a driver attaches', () => {
    const { lines, log } = capture();
    const error = Object.assign(new Error('duplicate key value violates unique constraint "account_login_key"'), {
      code: '23505',
      detail: 'Key (login)=(A123456780) already exists.',
      meta: { login: 'A123456780' },
    });
    log.error({ err: error }, 'provisioning failed');
    const err = lines[0]!.err as Record<string, unknown>;
    expect(Object.keys(err).sort()).toEqual(['code', 'message', 'stack', 'type']);
    expect(err.code).toBe('23505');
    expect(JSON.stringify(lines[0])).not.toContain('A123456780');
  });

  it('takes its level from LOG_LEVEL and refuses an unknown one', () => {
    expect(logLevel({})).toBe('info');
    expect(logLevel({ LOG_LEVEL: 'warn' })).toBe('warn');
    expect(() => logLevel({ LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/);
  });
});
