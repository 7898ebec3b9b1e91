import 'server-only';

export type TStrictJsonProblem = 'not-json' | 'too-deep' | 'duplicate-key' | 'reserved-key';

/**
 * Parses JSON that must mean one thing to every reader: no key twice in one object (JSON.parse keeps
 * the last, other readers the first), no "__proto__" key (dropped or special-cased by many readers),
 * and nesting no deeper than `maxDepth` (deeper values overflow recursive validators). A receipt that
 * breaks any of these could show one thing and verify as another, so it is refused, not repaired.
 */
export function parseStrictJson(text: string, maxDepth = 32): { ok: true; value: unknown } | { ok: false; problem: TStrictJsonProblem } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, problem: 'not-json' };
  }
  // The text is valid JSON now, so a plain scan can follow its structure.
  const stack: { keys: Set<string> | null; expectKey: boolean }[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '{' || c === '[') {
      if (stack.length >= maxDepth) return { ok: false, problem: 'too-deep' };
      stack.push(c === '{' ? { keys: new Set(), expectKey: true } : { keys: null, expectKey: false });
    } else if (c === '}' || c === ']') {
      stack.pop();
    } else if (c === ',') {
      const top = stack.at(-1);
      if (top?.keys) top.expectKey = true;
    } else if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const top = stack.at(-1);
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (key === '__proto__') return { ok: false, problem: 'reserved-key' };
        if (top.keys.has(key)) return { ok: false, problem: 'duplicate-key' };
        top.keys.add(key);
        top.expectKey = false;
      }
      i = end;
    }
  }
  return { ok: true, value };
}
