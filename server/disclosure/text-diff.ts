import 'server-only';

/**
 * What changed between two disclosure versions, for a member asked to decide again: paragraph and
 * list-item level first (a longest common subsequence), then word level inside a paragraph that was
 * edited rather than replaced. Written here rather than taken from a package: it is small, and the
 * units must be exactly those the member reads (components/disclosure-text.tsx).
 */

/** One thing a member reads: the title, a paragraph, or a list item. */
export type TDiffUnit = { kind: 'title' | 'paragraph' | 'item'; text: string };
export type TWordPart = { change: 'same' | 'removed' | 'added'; text: string };
export type TDiffRow =
  | { change: 'same'; unit: TDiffUnit }
  /** `parts` marks the words that went (removed) or came (added); a whole new line is one part. */
  | { change: 'removed' | 'added'; unit: TDiffUnit; parts: TWordPart[] };

/** Above this many table cells a comparison is not refined further (texts are capped at 20,000 characters). */
const MAX_CELLS = 4_000_000;
/** Two paragraphs sharing at least this share of their words are shown as one edited paragraph. */
const EDITED_SIMILARITY = 0.4;

/** The units of a disclosure, split as the page renders it: blank lines part paragraphs, "- " starts a list item. */
export function disclosureUnits(disclosure: { title: string; body: string }): TDiffUnit[] {
  const units: TDiffUnit[] = [{ kind: 'title', text: disclosure.title.trim() }];
  for (const block of disclosure.body.replace(/\r\n?/g, '\n').split(/\n{2,}/)) {
    const lines = block
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    const intro = lines.filter((l) => !l.startsWith('- '));
    if (intro.length) units.push({ kind: 'paragraph', text: intro.join(' ') });
    for (const item of lines.filter((l) => l.startsWith('- '))) units.push({ kind: 'item', text: item.slice(2).trim() });
  }
  return units;
}

/**
 * Index pairs (i, j) with a[i] equal to b[j], a longest such sequence in order. Common ends are
 * matched first (cheap, and most edits touch the middle); the rest by dynamic programming, or not at
 * all when it would be too large.
 */
export function longestCommonSubsequence<T>(
  a: readonly T[],
  b: readonly T[],
  equal: (x: T, y: T) => boolean = Object.is,
): [number, number][] {
  let start = 0;
  while (start < a.length && start < b.length && equal(a[start]!, b[start]!)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && equal(a[endA - 1]!, b[endB - 1]!)) {
    endA--;
    endB--;
  }
  const head = Array.from({ length: start }, (_, i): [number, number] => [i, i]);
  const tail = Array.from({ length: a.length - endA }, (_, k): [number, number] => [endA + k, endB + k]);
  const n = endA - start;
  const m = endB - start;
  if (n === 0 || m === 0 || (n + 1) * (m + 1) > MAX_CELLS) return [...head, ...tail];

  // lengths[i][j]: LCS length of a[start+i..endA) and b[start+j..endB), filled from the back.
  const width = m + 1;
  const lengths = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lengths[i * width + j] = equal(a[start + i]!, b[start + j]!)
        ? lengths[(i + 1) * width + j + 1]! + 1
        : Math.max(lengths[(i + 1) * width + j]!, lengths[i * width + j + 1]!);
    }
  }
  const middle: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (equal(a[start + i]!, b[start + j]!)) {
      middle.push([start + i, start + j]);
      i++;
      j++;
    } else if (lengths[(i + 1) * width + j]! >= lengths[i * width + j + 1]!) i++;
    else j++;
  }
  return [...head, ...middle, ...tail];
}

/** A kept word this short between two changes ("in", "und") is shown as part of the change: easier to read. */
const GLUE_WORD_MAX = 3;

/** Consecutive words of one kind as one part, so that a changed phrase is one mark, not one per word. */
function partsOf(words: readonly string[], kept: ReadonlySet<number>, change: 'removed' | 'added'): TWordPart[] {
  const changed = words.map((_, index) => !kept.has(index));
  words.forEach((word, index) => {
    if (!changed[index] && word.length <= GLUE_WORD_MAX && changed[index - 1] && changed[index + 1]) changed[index] = true;
  });
  const parts: TWordPart[] = [];
  words.forEach((word, index) => {
    const kind = changed[index] ? change : 'same';
    const last = parts[parts.length - 1];
    if (last && last.change === kind) last.text += ` ${word}`;
    else parts.push({ change: kind, text: word });
  });
  return parts;
}

/** Word-level marks for an edited paragraph, and how much of it stayed (0…1). */
export function diffWords(older: string, newer: string): { removed: TWordPart[]; added: TWordPart[]; similarity: number } {
  const a = older.split(/\s+/).filter(Boolean);
  const b = newer.split(/\s+/).filter(Boolean);
  const pairs = longestCommonSubsequence(a, b);
  const similarity = a.length + b.length === 0 ? 1 : (2 * pairs.length) / (a.length + b.length);
  return {
    removed: partsOf(a, new Set(pairs.map(([i]) => i)), 'removed'),
    added: partsOf(b, new Set(pairs.map(([, j]) => j)), 'added'),
    similarity,
  };
}

const sameUnit = (x: TDiffUnit, y: TDiffUnit) => x.kind === y.kind && x.text === y.text;

/**
 * The rows to show, in reading order: unchanged units, and for each changed stretch the old unit
 * followed by its new wording where one was edited, then what went and what came.
 */
export function diffUnits(older: readonly TDiffUnit[], newer: readonly TDiffUnit[]): TDiffRow[] {
  const rows: TDiffRow[] = [];
  let i = 0;
  let j = 0;
  const pure = (change: 'removed' | 'added', unit: TDiffUnit): TDiffRow => ({ change, unit, parts: [{ change, text: unit.text }] });
  // A changed stretch: each old unit is paired with the next new unit of its kind that kept enough of
  // its words (an edit, shown word by word); new units passed over on the way are additions.
  const flush = (untilA: number, untilB: number) => {
    let next = j;
    for (const was of older.slice(i, untilA)) {
      let match = -1;
      let words: ReturnType<typeof diffWords> | null = null;
      for (let q = next; q < untilB && match < 0; q++) {
        if (newer[q]!.kind !== was.kind) continue;
        const candidate = diffWords(was.text, newer[q]!.text);
        if (candidate.similarity >= EDITED_SIMILARITY) {
          match = q;
          words = candidate;
        }
      }
      if (match < 0 || !words) {
        rows.push(pure('removed', was));
        continue;
      }
      for (const is of newer.slice(next, match)) rows.push(pure('added', is));
      rows.push({ change: 'removed', unit: was, parts: words.removed }, { change: 'added', unit: newer[match]!, parts: words.added });
      next = match + 1;
    }
    for (const is of newer.slice(next, untilB)) rows.push(pure('added', is));
    i = untilA;
    j = untilB;
  };
  for (const [a, b] of longestCommonSubsequence(older, newer, sameUnit)) {
    flush(a, b);
    rows.push({ change: 'same', unit: older[a]! });
    i = a + 1;
    j = b + 1;
  }
  flush(older.length, newer.length);
  return rows;
}

/** What changed from the version a member agreed to, to the one in force now. */
export function diffDisclosures(older: { title: string; body: string }, newer: { title: string; body: string }): TDiffRow[] {
  return diffUnits(disclosureUnits(older), disclosureUnits(newer));
}
