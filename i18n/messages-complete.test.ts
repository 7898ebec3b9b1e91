import { describe, expect, it } from 'vitest';
import de from '@/messages/de.json';
import en from '@/messages/en.json';

type TTree = { [key: string]: TTree | string | TTree[] };

/** Every leaf's path ("a.b.0.c") with its text. */
function leaves(tree: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof tree === 'string') out.set(prefix, tree);
  else if (tree && typeof tree === 'object') {
    for (const [key, value] of Object.entries(tree as TTree))
      for (const [k, v] of leaves(value, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\s*[,}]/g)].map((m) => m[1]))].sort();

// English is complete: every German text has an English one with the same placeholders, and none is empty.
describe('messages', () => {
  const german = leaves(de);
  const english = leaves(en);

  it('have the same keys in German and English', () => {
    expect(
      [...german.keys()].filter((k) => !english.has(k)),
      'missing in English',
    ).toEqual([]);
    expect(
      [...english.keys()].filter((k) => !german.has(k)),
      'missing in German',
    ).toEqual([]);
  });

  it('fill in the same values in both languages, and no text is empty', () => {
    const mismatched = [...german]
      .filter(([key, text]) => english.has(key) && placeholders(text).join() !== placeholders(english.get(key)!).join())
      .map(([key]) => key);
    expect(mismatched).toEqual([]);
    expect([...german, ...english].filter(([, text]) => text.trim() === '').map(([key]) => key)).toEqual([]);
  });
});
