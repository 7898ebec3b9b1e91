// The disk check before a run writes its log: it refuses a size the disk cannot hold, before writing
// anything, and says what is needed and what is free.
import { describe, expect, it } from 'vitest';
import { checkDiskFor } from './shared-log-database';

describe('the disk check of a benchmark run', () => {
  it('refuses a log the disk cannot hold, with what is needed and what is free', async () => {
    const lines: string[] = [];
    // 10^13 entries need 30,000 TB for the database alone.
    await expect(checkDiskFor(10_000_000_000_000, (l) => lines.push(l))).rejects.toThrow(
      /^not enough disk: [\d.]+ GB needed for 10,000,000,000,000 entries on the disk of .+, [\d.]+ GB free$/,
    );
  });

  it('lets a log through that fits, and says how much room it takes', async () => {
    const lines: string[] = [];
    await checkDiskFor(1_000, (l) => lines.push(l));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).toMatch(/0\.0 GB needed for 1,000 entries|needs about 0\.0 GB/);
  });
});
