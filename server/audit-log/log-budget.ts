import 'server-only';
/**
 * How many entries of one kind may be logged per minute, for events that outsiders can cause at will
 * (e.g. forged webhook deliveries): past the budget entries are counted, not written, and the next
 * entry written carries the count, so the log keeps the evidence without being flooded.
 */
export function createLogBudget(perMinute: number) {
  let windowStart = Number.NEGATIVE_INFINITY;
  let written = 0;
  let suppressed = 0;
  return {
    /** Whether to write this entry now, and how many were left out before it. */
    take(now = Date.now()): { write: false } | { write: true; suppressedBefore: number } {
      if (now - windowStart >= 60_000) {
        windowStart = now;
        written = 0;
      }
      if (written >= perMinute) {
        suppressed += 1;
        return { write: false };
      }
      written += 1;
      const suppressedBefore = suppressed;
      suppressed = 0;
      return { write: true, suppressedBefore };
    },
  };
}
