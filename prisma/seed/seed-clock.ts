// The demo seed's clock (docs/decisions/0069): while it is set, the process's Date, and with it the embedded
// database's clock (PGlite takes its time from the process), shows a moment in the past, so that the
// demo's history is made by the real code paths at the times it tells of. Only the demo seed imports this
// module; it refuses production, and time only moves forward.

const RealDate = globalThis.Date;

export type TSeedClock = {
  /** Moves the clock to `instant`, never back. */
  set(instant: Date): void;
  now(): Date;
  /** The real clock again. */
  restore(): void;
};

export function installSeedClock(start: Date, environment: { NODE_ENV?: string } = process.env): TSeedClock {
  if (environment.NODE_ENV === 'production') throw new Error('the seed clock is for the demo seed only, never in production');
  if (globalThis.Date !== RealDate) throw new Error('a seed clock is already set');
  let current = start.getTime();
  class SeedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(current);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return current;
    }
    // Dates made before the clock was set are dates too.
    static [Symbol.hasInstance](value: unknown): boolean {
      return value instanceof RealDate;
    }
  }
  globalThis.Date = SeedDate as DateConstructor;
  return {
    set(instant) {
      if (instant.getTime() < current) throw new Error(`the seed clock does not go back (${instant.toISOString()})`);
      current = instant.getTime();
    },
    now: () => new RealDate(current),
    restore() {
      globalThis.Date = RealDate;
    },
  };
}
