import { describe, expect, it } from 'vitest';
import { createLogBudget } from '@/server/audit-log/log-budget';

describe('a log budget', () => {
  it('writes up to its budget a minute, then counts what it leaves out into the next entry written', () => {
    const budget = createLogBudget(2);
    const t0 = 1_000_000;
    expect([budget.take(t0), budget.take(t0 + 1), budget.take(t0 + 2), budget.take(t0 + 3)]).toEqual([
      { write: true, suppressedBefore: 0 },
      { write: true, suppressedBefore: 0 },
      { write: false },
      { write: false },
    ]);
    expect(budget.take(t0 + 59_999)).toEqual({ write: false });
    expect(budget.take(t0 + 60_000), 'a new minute').toEqual({ write: true, suppressedBefore: 3 });
    expect(budget.take(t0 + 60_001)).toEqual({ write: true, suppressedBefore: 0 });
  });
});
