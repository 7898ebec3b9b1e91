import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { UsageError, readPrefix } from '@/log-follower/cli-inputs';
import { remoteLog } from '@/log-follower/remote-log';
import { tileDirectory } from '@/log-follower/tile-directory';

const dir = mkdtempSync(join(tmpdir(), 'local-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a log read from a mirror’s directory', () => {
  it('is named by a path or a file: URL, and reads the tiles where a web server would find them', async () => {
    const copy = tileDirectory(dir);
    copy.writeCheckpoint('origin\n1\nroot\n');
    await copy.writeAll([{ tile: { level: 0, index: 0, width: 1 }, bytes: Buffer.alloc(32, 7) }]);
    expect(readPrefix(dir)).toBe(pathToFileURL(dir).href);
    expect(readPrefix(`${pathToFileURL(dir).href}/`)).toBe(pathToFileURL(dir).href);
    expect(() => readPrefix(join(dir, 'not-there'))).toThrow(UsageError);
    const log = remoteLog(readPrefix(dir));
    expect(await log.checkpoint()).toBe('origin\n1\nroot\n');
    expect(await log.tile({ level: 0, index: 0, width: 1 })).toEqual({ kind: 'ok', bytes: Buffer.alloc(32, 7) });
    expect(await log.tile({ level: 0, index: 0, width: 2 })).toEqual({ kind: 'missing' });
    expect(await log.tile({ level: 'entries', index: 0, width: 1 })).toEqual({ kind: 'missing' });
  });
});
