import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ZDatabaseEnv } from '@/server/db/database-target';
import { ZEnv } from '@/server/env';
import { ZLogEnv } from '@/server/logging/logger';

// .env.example documents the configuration; this keeps it from drifting from the schemas.
const example = readFileSync('.env.example', 'utf8');
const documented = new Map(
  example
    .split('\n')
    .map((line) => /^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1]!, m[2]!] as const),
);
const schemaKeys = [...Object.keys(ZEnv.shape), ...Object.keys(ZDatabaseEnv.shape), ...Object.keys(ZLogEnv.shape)];

describe('.env.example', () => {
  it('documents every variable the app reads, and nothing else', () => {
    expect(schemaKeys.filter((key) => !documented.has(key))).toEqual([]);
    expect([...documented.keys()].filter((key) => !schemaKeys.includes(key))).toEqual([]);
  });

  it('holds values the schemas accept, with every secret left empty', () => {
    const values = Object.fromEntries([...documented].filter(([, v]) => v !== ''));
    expect(ZDatabaseEnv.safeParse(values).success).toBe(true);
    expect(ZLogEnv.safeParse(values).success).toBe(true);
    for (const secret of ['AUTH_SECRET', 'GATEWAY_SECRET', 'LOG_SIGNING_KEY', 'JITSI_APP_SECRET', 'LIVEKIT_API_SECRET'])
      expect(documented.get(secret), secret).toBe('');
    const withSecrets = { ...values, AUTH_SECRET: 'x'.repeat(32), GATEWAY_SECRET: 'y'.repeat(32) };
    expect(ZEnv.safeParse(withSecrets).error?.issues ?? []).toEqual([]);
  });
});
