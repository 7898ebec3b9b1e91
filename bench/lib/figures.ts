// One measured figure as results.json lists it; `met` is decided here, never by hand.
export type TFigure = {
  name: string;
  unit: string;
  /** What the same machine does in the same run without the gateway's work (null: an absolute target). */
  baseline: number | null;
  value: number;
  /** value / baseline, or null without a baseline. */
  ratio: number | null;
  /** The target, as text: "ratio >= 0.5", "value < 50", ... */
  target: string;
  met: boolean;
  note?: string;
  /** When the target is missed: why, and what would fix it (written by the suite, shown in results.md). */
  whyMissed?: string;
  /** The suite that measured it (`npm run bench -- --only SUITE` re-measures it). */
  suite?: string;
  /** The commit measured (run.ts), and when: a partial run keeps other suites' older figures. */
  commit?: string;
  measuredAt?: string;
};

/** Attaches the explanation to a figure that missed its target; a met figure is returned as it is. */
export function explainMiss(f: TFigure, why: string): TFigure {
  return f.met ? f : { ...f, whyMissed: why };
}

type TCheck =
  | { kind: 'info' }
  | { kind: 'ratio-at-least'; min: number }
  | { kind: 'ratio-at-most'; max: number }
  | { kind: 'value-below'; max: number }
  | { kind: 'value-at-most'; max: number }
  | { kind: 'value-at-least'; min: number };

export function figure(name: string, unit: string, value: number, baseline: number | null, check: TCheck, note?: string): TFigure {
  const ratio = baseline ? value / baseline : null;
  const round = (n: number) => Math.round(n * 1000) / 1000;
  switch (check.kind) {
    case 'info':
      return {
        name,
        unit,
        baseline: baseline && round(baseline),
        value: round(value),
        ratio: ratio && round(ratio),
        target: 'none (reported)',
        met: true,
        note,
      };
    case 'ratio-at-least':
      return {
        name,
        unit,
        baseline: baseline && round(baseline),
        value: round(value),
        ratio: ratio && round(ratio),
        target: `ratio >= ${check.min}`,
        met: (ratio ?? 0) >= check.min,
        note,
      };
    case 'ratio-at-most':
      return {
        name,
        unit,
        baseline: baseline && round(baseline),
        value: round(value),
        ratio: ratio && round(ratio),
        target: `ratio <= ${check.max}`,
        met: ratio !== null && ratio <= check.max,
        note,
      };
    case 'value-below':
      return {
        name,
        unit,
        baseline,
        value: round(value),
        ratio: ratio && round(ratio),
        target: `value < ${check.max}`,
        met: value < check.max,
        note,
      };
    case 'value-at-most':
      return {
        name,
        unit,
        baseline,
        value: round(value),
        ratio: ratio && round(ratio),
        target: `value <= ${check.max}`,
        met: value <= check.max,
        note,
      };
    case 'value-at-least':
      return {
        name,
        unit,
        baseline,
        value: round(value),
        ratio: ratio && round(ratio),
        target: `value >= ${check.min}`,
        met: value >= check.min,
        note,
      };
  }
}

/** A log size as figure names carry it: 100k, 1m, 10m. */
export const sizeLabel = (entries: number): string => (entries >= 1_000_000 ? `${entries / 1_000_000}m` : `${entries / 1000}k`);
