import { describe, expect, it } from 'vitest';
import { diffDisclosures, diffWords, disclosureUnits, longestCommonSubsequence } from '@/server/disclosure/text-diff';

const v1 = {
  title: 'Hinweise zur Videoberatung',
  body: 'Wir beraten Sie per Video.\n\nDas sind die Risiken:\n- Dritte können Daten abfangen.\n- Daten gehen in die USA.\n\nSie können jederzeit widerrufen.',
};

describe('longestCommonSubsequence', () => {
  it('matches a longest common subsequence in order', () => {
    const pairs = longestCommonSubsequence('ABCBDAB'.split(''), 'BDCABA'.split(''));
    expect(pairs).toHaveLength(4);
    for (let k = 1; k < pairs.length; k++) {
      expect(pairs[k]![0]).toBeGreaterThan(pairs[k - 1]![0]);
      expect(pairs[k]![1]).toBeGreaterThan(pairs[k - 1]![1]);
    }
  });

  it('handles empty and identical inputs', () => {
    expect(longestCommonSubsequence([], ['a'])).toEqual([]);
    expect(longestCommonSubsequence(['a', 'b'], ['a', 'b'])).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });
});

describe('disclosureUnits', () => {
  it('splits as the page renders: title, paragraphs (lines joined), list items', () => {
    expect(disclosureUnits({ title: ' T ', body: 'Eins\nzwei\n\nListe:\n- a\n- b' })).toEqual([
      { kind: 'title', text: 'T' },
      { kind: 'paragraph', text: 'Eins zwei' },
      { kind: 'paragraph', text: 'Liste:' },
      { kind: 'item', text: 'a' },
      { kind: 'item', text: 'b' },
    ]);
  });
});

describe('diffWords', () => {
  it('keeps a short word between two changes inside the change, so it reads as one phrase', () => {
    const { removed, added } = diffWords('betrieben in Rechenzentren in Deutschland.', 'betrieben in einem Rechenzentrum in Frankfurt.');
    expect(removed).toEqual([
      { change: 'same', text: 'betrieben in' },
      { change: 'removed', text: 'Rechenzentren in Deutschland.' },
    ]);
    expect(added).toEqual([
      { change: 'same', text: 'betrieben in' },
      { change: 'added', text: 'einem Rechenzentrum in Frankfurt.' },
    ]);
  });

  it('marks the changed words as one phrase each', () => {
    const { removed, added, similarity } = diffWords('Daten gehen in die USA.', 'Daten gehen in die USA und nach Indien.');
    expect(removed).toEqual([
      { change: 'same', text: 'Daten gehen in die' },
      { change: 'removed', text: 'USA.' },
    ]);
    expect(added).toEqual([
      { change: 'same', text: 'Daten gehen in die' },
      { change: 'added', text: 'USA und nach Indien.' },
    ]);
    expect(similarity).toBeGreaterThan(0.5);
  });
});

describe('diffDisclosures', () => {
  it('finds nothing changed in the same text', () => {
    expect(diffDisclosures(v1, v1).every((row) => row.change === 'same')).toBe(true);
  });

  it('shows an added list item, a removed paragraph and an edited one word by word', () => {
    const v2 = {
      title: v1.title,
      body: 'Das sind die Risiken:\n- Dritte können Daten abfangen.\n- Daten gehen in die USA und nach Indien.\n- Der Anbieter nutzt Daten für Werbung.\n\nSie können jederzeit widerrufen.',
    };
    const rows = diffDisclosures(v1, v2);
    const changed = rows.filter((r) => r.change !== 'same').map((r) => [r.change, r.unit.kind, r.unit.text]);
    expect(changed).toEqual([
      ['removed', 'paragraph', 'Wir beraten Sie per Video.'],
      ['removed', 'item', 'Daten gehen in die USA.'],
      ['added', 'item', 'Daten gehen in die USA und nach Indien.'],
      ['added', 'item', 'Der Anbieter nutzt Daten für Werbung.'],
    ]);
    const edited = rows.find((r) => r.change === 'added' && r.unit.text.includes('Indien'));
    expect(edited?.change === 'added' && edited.parts).toEqual([
      { change: 'same', text: 'Daten gehen in die' },
      { change: 'added', text: 'USA und nach Indien.' },
    ]);
    // Everything unchanged is kept, in order, so the member reads the change in its place.
    expect(rows.filter((r) => r.change === 'same').map((r) => r.unit.text)).toEqual([
      v1.title,
      'Das sind die Risiken:',
      'Dritte können Daten abfangen.',
      'Sie können jederzeit widerrufen.',
    ]);
  });

  it('shows a rewritten title and a text replaced wholesale as removed, then added', () => {
    const rows = diffDisclosures(v1, { title: 'Neue Hinweise zur Videoberatung', body: 'Ganz anderer Text ohne Gemeinsamkeiten hier.' });
    expect(rows[0]).toMatchObject({ change: 'removed', unit: { kind: 'title' } });
    expect(rows[1]).toMatchObject({ change: 'added', unit: { kind: 'title', text: 'Neue Hinweise zur Videoberatung' } });
    expect(rows.filter((r) => r.change === 'removed')).toHaveLength(6);
    expect(rows.at(-1)).toMatchObject({
      change: 'added',
      parts: [{ change: 'added', text: 'Ganz anderer Text ohne Gemeinsamkeiten hier.' }],
    });
  });

  it('stays fast on the longest text allowed', () => {
    const long = (seed: string) => Array.from({ length: 400 }, (_, k) => `${seed} Absatz ${k} mit etwas Text.`).join('\n\n');
    const started = performance.now();
    const rows = diffDisclosures({ title: 'A', body: long('alt') }, { title: 'A', body: long('neu') });
    expect(rows.length).toBeGreaterThan(400);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
