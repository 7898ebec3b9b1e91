// fast-check arbitraries for hostile input (docs/decisions/0039): strings no form would send, values of
// the wrong type, and bodies that lie about themselves.
import fc from 'fast-check';

/** Strings chosen because they have broken parsers, databases, templates or prototype chains before. */
const SPECIALS = [
  '',
  ' ',
  '\t\n',
  '\u0000',
  'a\u0000b',
  '\u202Egnp.exe',
  '\u200F\u200E',
  'e\u0301\u0301\u0301\u0301',
  '\uFEFF',
  '\u2028\u2029',
  '😀',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈',
  '\uD800',
  '\uDFFF',
  'x\uD83Dy',
  'ß',
  'İ',
  'ǅ',
  '１２３',
  'Ⅻ',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '$K1',
  '$K0',
  '$@0',
  '$Q1',
  '$W1',
  '$F1',
  '$h1',
  '$T',
  '$$',
  '$undefined',
  '$n1',
  '$D',
  '$-0',
  '$NaN',
  'null',
  'undefined',
  'true',
  'false',
  '0',
  '-1',
  '1e309',
  'NaN',
  'Infinity',
  '9007199254740993',
  '0x10',
  '[]',
  '{}',
  '[object Object]',
  '../../../etc/passwd',
  '<script>alert(1)</script>',
  "' OR '1'='1' --",
  '"; DROP TABLE account; --',
  '${7*7}',
  '{{7*7}}',
  '%00',
  '%',
  '%E0%A4%A',
  '%2e%2e%2f',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-4000-8000-00000000000',
  '{00000000-0000-4000-8000-000000000000}',
  'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
  '--------------------------------------------------------'.slice(0, 36),
  'A123456780',
  '12345671',
  'a123 456 780',
  'm.berger',
  'https://evil.example/{room}',
  'javascript:alert(1)',
  '2026-02-30',
  '24:61',
  '-30',
  '99999999',
  '1.5',
  '2030-01-02T10:00:00Z',
];

/** 36 characters with dashes where a UUID's are: looks like an id, is not one (or is, by chance, not ours). */
const uuidShaped = fc
  .tuple(
    ...[8, 4, 4, 4, 12].map((n) =>
      fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEFxyz-_ '.split('')), minLength: n, maxLength: n }),
    ),
  )
  .map((parts) => parts.join('-'));

/** Longer than any limit of ours (most are 40 to 4,000 characters; bodies 64 KB). */
const huge = fc
  .constantFrom(41, 101, 201, 4_001, 20_001, 60_001)
  .chain((n) => fc.constantFrom('x', 'Ä', '😀', '\u0301').map((c) => c.repeat(Math.ceil(n / c.length))));

/** Any string a hostile client could send: `worldValues` adds real ids and names, used where they do not belong. */
export function nastyString(worldValues: string[] = []): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...SPECIALS) },
    { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 2, arbitrary: uuidShaped },
    { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double()).map(String) },
    { weight: 1, arbitrary: huge },
    { weight: 1, arbitrary: fc.json({ maxDepth: 3 }) },
    ...(worldValues.length ? [{ weight: 2, arbitrary: fc.constantFrom(...worldValues) }] : []),
  );
}

/** Field names a form would never have: prototype keys, React's and Next's own wire names, nonsense. */
export const strangeFieldName = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    '0',
    '1',
    '_1_',
    '_1___proto__',
    '_1_constructor',
    '$ACTION_ID_00',
    '$ACTION_REF_1',
    '$ACTION_1:0',
    '$ACTION_KEY',
    'a[b]',
    'a.b',
    '',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
);

/** A form field's value: text, or a file where text belongs. */
export type TFieldValue = { text: string } | { file: string; type: string };

export function fieldValue(text: fc.Arbitrary<string>): fc.Arbitrary<TFieldValue> {
  return fc.oneof(
    { weight: 9, arbitrary: text.map((t) => ({ text: t })) },
    {
      weight: 1,
      arbitrary: fc.record({ file: text, type: fc.constantFrom('application/octet-stream', 'text/plain', 'application/json', '') }),
    },
  );
}

/** React reply encodings that are not what the page's script would send for this action. */
export const strangeEnvelope = fc.oneof(
  fc.constantFrom(
    '',
    '[',
    '[]',
    '["$K1"]',
    '[null,"$K1"]',
    '["$K1","$K1","$K1"]',
    '"$K1"',
    '{"0":"$K1"}',
    'null',
    '["$Q1"]',
    '[null,"$@1"]',
    '["$K99"]',
    '[null,"$W1"]',
    '["$F1"]',
    '["$h1"]',
    '["$T"]',
    '[{"__proto__":{"x":1}},"$K1"]',
    '["$undefined","$K1"]',
  ),
  fc.integer({ min: 1, max: 20_000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
  fc.json({ maxDepth: 4 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
);

/** How the body is sent: the right encoding most of the time, and every confusion of it. */
export type TEncoding = 'multipart' | 'urlencoded' | 'json' | 'text' | 'none';
export const CONTENT_TYPES = {
  multipart: 'multipart/form-data; boundary=', // the boundary is appended when the body is built
  urlencoded: 'application/x-www-form-urlencoded',
  json: 'application/json',
  text: 'text/plain;charset=UTF-8',
  none: null,
} as const satisfies Record<TEncoding, string | null>;
export const strangeContentType = fc.constantFrom(
  'missing',
  'application/json',
  'text/plain',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'application/x-www-form-urlencoded; charset=utf-16',
  'application/webhook+json',
  'application/xml',
  'text/x-component',
  '*/*',
  'multipart/mixed; boundary=x',
  ';;;',
  'application/x-www-form-urlencoded',
);
