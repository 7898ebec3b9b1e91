// The disk check before a run writes its log: it refuses a size the disk cannot hold, before writing
// anything, adds up what goes on one disk, and says what it could not check.
import { describe, expect, it } from 'vitest';
import { checkDiskFor, diskVerdict } from './shared-log-database';

const GB = 1e9;

describe('the disk check of a benchmark run', () => {
  it('adds up the needs on one disk: each fits alone, together they do not', () => {
    const oneDisk = { device: 7, freeBytes: 10 * GB };
    expect(() =>
      diskVerdict(1_000_000, [
        { what: 'the database', space: oneDisk, bytes: 6 * GB },
        { what: 'bench/out', space: oneDisk, bytes: 6 * GB },
      ]),
    ).toThrow('not enough disk: 12.0 GB needed for 1,000,000 entries on the disk of the database and bench/out, 10.0 GB free');
  });

  it('checks two disks each for its own need, and names a need it cannot check', () => {
    const lines = diskVerdict(1_000_000, [
      { what: 'the database', space: { device: 1, freeBytes: 10 * GB }, bytes: 6 * GB },
      { what: 'bench/out', space: { device: 2, freeBytes: 10 * GB }, bytes: 6 * GB },
      { what: 'a remote server', space: null, bytes: 3 * GB },
    ]);
    expect(lines).toEqual([
      'cannot check the free space for a remote server; it needs about 3.0 GB',
      '6.0 GB needed for 1,000,000 entries on the disk of the database, 10.0 GB free',
      '6.0 GB needed for 1,000,000 entries on the disk of bench/out, 10.0 GB free',
    ]);
  });

  it("reads this machine's disks: refuses a log no disk can hold, lets a small one through", async () => {
    // 10^13 entries need 30,000 TB for the database alone.
    await expect(checkDiskFor(10_000_000_000_000, () => undefined)).rejects.toThrow(
      /^not enough disk: [\d.]+ GB needed for 10,000,000,000,000 entries/,
    );
    const lines: string[] = [];
    await checkDiskFor(1_000, (l) => lines.push(l));
    expect(lines.some((l) => /^disk: 0\.0 GB needed for 1,000 entries on the disk of .*bench\/out/.test(l))).toBe(true);
  });
});
