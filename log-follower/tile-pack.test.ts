import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tileDirectory } from '@/log-follower/tile-directory';
import { tilePack } from '@/log-follower/tile-pack';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));
const fresh = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tile-pack-'));
  dirs.push(dir);
  return dir;
};
const full = (level: number, index: number, fill: number) => ({ tile: { level, index, width: 256 }, bytes: Buffer.alloc(8192, fill) });

describe("the monitor's kept tiles", () => {
  it('keeps full tiles of a level in one file, partial ones as files, and reads each back', async () => {
    const dir = fresh();
    const pack = tilePack(dir);
    const partial = { tile: { level: 0, index: 5, width: 3 }, bytes: Buffer.alloc(96, 9) };
    await pack.writeAll([full(0, 0, 1), full(0, 1, 2), full(0, 3, 4), full(1, 0, 7), partial]);
    expect(readdirSync(dir).sort()).toEqual(['level-0.pack', 'level-1.pack', 'tile']);
    expect(pack.read(full(0, 1, 0).tile)).toEqual(full(0, 1, 2).bytes);
    expect(pack.read(full(0, 3, 0).tile)).toEqual(full(0, 3, 4).bytes);
    expect(pack.read(full(1, 0, 0).tile)).toEqual(full(1, 0, 7).bytes);
    expect(pack.read(partial.tile)).toEqual(partial.bytes);
    expect(pack.read(full(0, 2, 0).tile), 'a hole between two kept tiles').toBeNull();
    expect(pack.read(full(0, 4, 0).tile), 'past the end').toBeNull();
    expect(pack.read(full(2, 0, 0).tile), 'a level with no pack').toBeNull();
    // The hole is filled later; what was read before is read again from the grown file.
    await pack.writeAll([full(0, 2, 3)]);
    expect(pack.read(full(0, 2, 0).tile)).toEqual(full(0, 2, 3).bytes);
    expect(tilePack(dir).read(full(0, 0, 0).tile)).toEqual(full(0, 0, 1).bytes);
  });

  it('reads a state an earlier version wrote, one file per tile', async () => {
    const dir = fresh();
    tileDirectory(dir).write(full(0, 7, 5).tile, full(0, 7, 5).bytes);
    const pack = tilePack(dir);
    expect(pack.read(full(0, 7, 0).tile)).toEqual(full(0, 7, 5).bytes);
    await pack.writeAll([full(0, 8, 6)]);
    expect(pack.read(full(0, 7, 0).tile)).toEqual(full(0, 7, 5).bytes);
    expect(pack.read(full(0, 8, 0).tile)).toEqual(full(0, 8, 6).bytes);
    expect(existsSync(join(dir, 'tile', '0', '008'))).toBe(false);
  });
});
