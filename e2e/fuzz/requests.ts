// A generated request as plain data (so a failing one can be printed and replayed), and how it is sent.
import fc from 'fast-check';
import type { TActorName } from '../authorization/world';
import {
  CONTENT_TYPES,
  type TEncoding,
  type TFieldValue,
  fieldValue,
  nastyString,
  strangeContentType,
  strangeEnvelope,
  strangeFieldName,
} from './arbitraries';

export type TRecipe = {
  actor: TActorName;
  origin: 'same' | 'none' | 'other' | 'null';
  encoding: TEncoding;
  /** 'matching': the encoding's own type; 'missing': no header; else this header. */
  contentType: string;
  /** Sent as a stream: chunked, without Content-Length. */
  chunked: boolean;
  /** A multipart body cut off before its closing delimiter (other encodings are sent whole). */
  truncated: boolean;
  /** Bytes added to push the body past the 64 KB limits. */
  padding: number;
  fields: [string, TFieldValue][];
  /** Handlers: the dynamic segment as it goes into the address. */
  segment?: string;
  /** Actions: field "0" (React's arguments); null leaves it out. */
  envelope?: string | null;
  /** Actions: the Next-Action header names the action, an unknown id, or is missing (a no-JavaScript post). */
  actionHeader?: 'right' | 'unknown' | 'none';
};

/** Values that name only objects of strict fields: a poisoned field gets anything but these. */
const UUID_SHAPE = /^\s*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*$/i;
const DATE_SHAPE = /\d{4}-\d{1,2}-\d{1,2}/;
const TIME_SHAPE = /\d{1,2}[:.]\d{2}/;
export const CHOICES: Record<string, string[]> = {
  scope: ['all', 'recording'],
  action: ['start-recording', 'stop-recording'],
  decision: ['approve', 'reject'],
  format: ['CSV', 'JSONL'],
  language: ['de', 'en'],
  processingRegion: ['EU_EEA', 'THIRD_COUNTRY'],
  access: ['LINK', 'JITSI_JWT', 'LIVEKIT'],
  kind: ['ADVISOR', 'COMPLIANCE', 'ADMIN'],
  confirm: ['yes'],
};

/** Could a schema accept this value for this strict field? Poison must say no. */
export function couldBeValid(field: string, value: string): boolean {
  if (field === 'id' || field.endsWith('Id')) return UUID_SHAPE.test(value);
  if (field === 'date') return DATE_SHAPE.test(value);
  if (field === 'time') return TIME_SHAPE.test(value);
  const choices = CHOICES[field];
  if (choices) return choices.some((c) => c.toLowerCase() === value.trim().toLowerCase());
  return false; // a signed token: nothing generated is valid
}

type TShape = {
  fields: Record<string, string>;
  strict: string[];
  isAction: boolean;
  actor: TActorName;
  wrongActors: TActorName[];
  naturalEncoding: TEncoding;
  ownSegments?: string[];
  validSegments?: string[];
  args?: string;
};

/** Percent-encoded as UTF-8; a lone surrogate (which encodeURIComponent refuses) becomes U+FFFD, as a browser sends it. */
export function encodeSegment(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** Requests for one target: mostly the right shape with at least one strict field wrong, and every confusion of shape. */
export function recipes(shape: TShape, worldValues: string[]): fc.Arbitrary<TRecipe> {
  const nasty = nastyString(worldValues);
  const names = Object.keys(shape.fields);
  const field = (name: string, poisoned: boolean): fc.Arbitrary<[string, TFieldValue][]> => {
    const key = shape.isAction ? `_1_${name}` : name;
    const valid = shape.fields[name]!;
    if (poisoned) {
      const wrong = nasty.filter((s) => !couldBeValid(name, s));
      return fc.oneof(
        fc.constant([] as [string, TFieldValue][]),
        fieldValue(wrong).map((v) => [[key, v] as [string, TFieldValue]]),
        // Duplicated: a wrong value first, the right one after it.
        wrong.map(
          (s) =>
            [
              [key, { text: s }],
              [key, { text: valid }],
            ] as [string, TFieldValue][],
        ),
        // A file where text belongs. Its content is wrong too: a URL-encoded body flattens a file to its text.
        wrong.map((s) => [[key, { file: s, type: 'text/plain' }]] as [string, TFieldValue][]),
      );
    }
    return fc.oneof(
      { weight: 6, arbitrary: fc.constant([[key, { text: valid }]] as [string, TFieldValue][]) },
      { weight: 3, arbitrary: fieldValue(nasty).map((v) => [[key, v] as [string, TFieldValue]]) },
      { weight: 1, arbitrary: fc.constant([] as [string, TFieldValue][]) },
      {
        weight: 1,
        arbitrary: nasty.map(
          (s) =>
            [
              [key, { text: valid }],
              [key, { text: s }],
            ] as [string, TFieldValue][],
        ),
      },
    );
  };
  const poisonedSet = shape.strict.length ? fc.subarray(shape.strict, { minLength: 1 }) : fc.constant([] as string[]);
  const fieldsArb = poisonedSet.chain((poisoned) =>
    fc
      .tuple(
        fc.tuple(...(names.length ? names.map((n) => field(n, poisoned.includes(n))) : [fc.constant([] as [string, TFieldValue][])])),
        fc.array(
          fc.tuple(
            fc.tuple(strangeFieldName, fc.boolean()).map(([n, prefixed]) => (shape.isAction && prefixed ? `_1_${n}` : n)),
            fieldValue(nasty),
          ),
          { maxLength: 3 },
        ),
        fc.boolean(),
      )
      .map(([declared, extra, extraFirst]) => {
        const flat = declared.flat();
        return extraFirst ? [...extra, ...flat] : [...flat, ...extra];
      }),
  );
  const segment: fc.Arbitrary<string | undefined> = shape.ownSegments
    ? fc
        .oneof(
          { weight: 3, arbitrary: fc.constantFrom(...shape.ownSegments).map(encodeSegment) },
          { weight: 4, arbitrary: nasty.map(encodeSegment) },
          // Raw: unencoded slashes, dots, malformed %-sequences.
          { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '..', '.', '%2F', 'a%00b', '%uD800', '%C0%AF') },
        )
        .map((s): string | undefined => s)
    : fc.constant(undefined);
  // A segment naming an object on which the request would be valid (the consented call to start) is not bad input.
  const isValidSegment = (s: string | undefined) => {
    if (s === undefined || !shape.validSegments) return false;
    let decoded = s;
    try {
      decoded = decodeURIComponent(s);
    } catch {
      // not valid percent-encoding: compared as sent
    }
    return shape.validSegments.some((v) => v.toLowerCase() === decoded.trim().toLowerCase());
  };
  return fc.record({
    actor: fc.oneof({ weight: 9, arbitrary: fc.constant(shape.actor) }, { weight: 1, arbitrary: fc.constantFrom(...shape.wrongActors) }),
    origin: fc.oneof(
      { weight: 18, arbitrary: fc.constant('same' as const) },
      { weight: 2, arbitrary: fc.constantFrom('none' as const, 'other' as const, 'null' as const) },
    ),
    encoding: fc.oneof(
      { weight: 8, arbitrary: fc.constant(shape.isAction ? 'multipart' : shape.naturalEncoding) },
      { weight: 2, arbitrary: fc.constantFrom<TEncoding>('multipart', 'urlencoded', 'json', 'text', 'none') },
    ),
    contentType: fc.oneof({ weight: 8, arbitrary: fc.constant('matching') }, { weight: 2, arbitrary: strangeContentType }),
    chunked: fc.oneof({ weight: 19, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    truncated: fc.oneof({ weight: 19, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    padding: fc.oneof({ weight: 24, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(65 * 1024, 300 * 1024) }),
    fields: fieldsArb,
    segment: segment.filter((s) => !isValidSegment(s)),
    envelope: shape.isAction
      ? fc.oneof(
          { weight: 8, arbitrary: fc.constant(shape.args ?? '[]') },
          { weight: 1, arbitrary: fc.constant(null) },
          { weight: 2, arbitrary: strangeEnvelope },
        )
      : fc.constant(undefined),
    actionHeader: shape.isAction
      ? fc.oneof(
          { weight: 18, arbitrary: fc.constant('right' as const) },
          { weight: 1, arbitrary: fc.constant('unknown' as const) },
          { weight: 1, arbitrary: fc.constant('none' as const) },
        )
      : fc.constant(undefined),
  });
}

const BOUNDARY = '----FuzzBoundary7MA4YWxkTrZu0gW';
const quoteName = (name: string) => name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');

function multipart(parts: [string, TFieldValue][]): Uint8Array {
  const chunks = parts.map(([name, value]) =>
    'text' in value
      ? `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${quoteName(name)}"\r\n\r\n${value.text}\r\n`
      : `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${quoteName(name)}"; filename="f.bin"\r\nContent-Type: ${value.type || 'application/octet-stream'}\r\n\r\n${value.file}\r\n`,
  );
  return new TextEncoder().encode(`${chunks.join('')}--${BOUNDARY}--\r\n`);
}

const textOf = (v: TFieldValue) => ('text' in v ? v.text : v.file);

/** The body's bytes and its natural content type; a truncated multipart body loses its last 20 bytes (its closing delimiter and more). */
export function bodyOf(recipe: TRecipe, actionId: string | null): { bytes: Uint8Array | null; type: string | null } {
  const whole = wholeBodyOf(recipe, actionId);
  const cut = recipe.truncated && recipe.encoding === 'multipart' && whole.bytes;
  return cut ? { ...whole, bytes: whole.bytes!.subarray(0, Math.max(0, whole.bytes!.length - 20)) } : whole;
}

function wholeBodyOf(recipe: TRecipe, actionId: string | null): { bytes: Uint8Array | null; type: string | null } {
  const fields: [string, TFieldValue][] = [...recipe.fields];
  const isAction = recipe.envelope !== undefined;
  if (isAction && recipe.actionHeader === 'none') fields.unshift([`$ACTION_ID_${String(actionId)}`, { text: '' }]);
  else if (isAction && recipe.envelope !== null) fields.unshift(['0', { text: recipe.envelope! }]);
  if (recipe.padding) fields.push([isAction ? '_1_pad' : 'pad', { text: 'p'.repeat(recipe.padding) }]);
  const encoder = new TextEncoder();
  switch (recipe.encoding) {
    case 'multipart':
      return { bytes: multipart(fields), type: `${CONTENT_TYPES.multipart}${BOUNDARY}` };
    case 'urlencoded': {
      const params = new URLSearchParams();
      for (const [name, value] of fields) params.append(name, textOf(value));
      return { bytes: encoder.encode(params.toString()), type: CONTENT_TYPES.urlencoded };
    }
    case 'json':
      // Written by hand so that repeated and prototype keys survive.
      return {
        bytes: encoder.encode(
          `{${fields.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify('text' in v ? v.text : { file: v.file })}`).join(',')}}`,
        ),
        type: CONTENT_TYPES.json,
      };
    case 'text':
      // What the page's script sends for an action without a form: the arguments themselves.
      return {
        bytes: encoder.encode(
          isAction ? (recipe.envelope ?? '') + 'p'.repeat(recipe.padding) : fields.map(([k, v]) => `${k}=${textOf(v)}`).join('\n'),
        ),
        type: CONTENT_TYPES.text,
      };
    case 'none':
      return { bytes: recipe.padding ? encoder.encode('p'.repeat(recipe.padding)) : null, type: null };
  }
}

/** The first value of each field as the server reads it (text after UTF-8; undefined when missing or a file). */
export function firstTexts(recipe: TRecipe, isAction: boolean): Record<string, string | undefined> {
  const first = Object.create(null) as Record<string, string | undefined>;
  const seen = new Set<string>();
  for (const [rawName, value] of recipe.fields) {
    const name = isAction ? rawName.replace(/^_1_/, '') : rawName;
    if (seen.has(name)) continue;
    seen.add(name);
    first[name] = 'text' in value ? new TextDecoder().decode(new TextEncoder().encode(value.text)) : undefined;
  }
  return first;
}

/** Printable, with long values cut. */
export function describe(recipe: TRecipe): string {
  return JSON.stringify(recipe, (_k, v: unknown) =>
    typeof v === 'string' && v.length > 120 ? `${v.slice(0, 60)}…(${v.length} chars)` : v,
  );
}
