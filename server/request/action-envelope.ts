import 'server-only';

/**
 * React's reply encoding as the gateway's own pages send it to a Server Action: JSON whose strings
 * starting with `$` are either escaped (`$$…`) or one of a few plain references. Next decodes anything
 * else too (promises, maps, streams, server references, deep nesting) and answers what it cannot decode
 * with a 500; none of our actions takes such arguments, so the proxy refuses them with a 400 first.
 */
const PLAIN_REFERENCE = /^\$(?:\$[\s\S]*|K\d{1,6}|undefined|D[0-9T:.\-+Z]{10,40}|n-?\d{1,40}|-0|NaN|-?Infinity)$/;
const MAX_DEPTH = 16;

function plain(value: unknown, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (typeof value === 'string') return !value.startsWith('$') || PLAIN_REFERENCE.test(value);
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every((v) => plain(v, depth + 1));
  return Object.entries(value).every(([k, v]) => !k.startsWith('$') && plain(v, depth + 1));
}

/** The arguments of an action call (field `0`, or a text body): a JSON array of plain values. */
export function isPlainActionArguments(text: string): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return false;
  }
  return Array.isArray(parsed) && parsed.length <= 4 && plain(parsed, 0);
}

// eslint-disable-next-line no-control-regex -- the point: a header line must not contain control characters
const HEADER_LINE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+:[^\x00-\x08\x0a-\x1f\x7f]*$/;

/**
 * A multipart body Next's parser (busboy) and React's decoder read without throwing: a boundary, part
 * headers of plain header syntax (no control characters), a non-empty name on every part, and React's
 * numbered rows once each. A browser's
 * form never breaks these; Next answers a body that does with a 500.
 */
export function isWellFormedMultipart(contentType: string, body: string): boolean {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) return false;
  const parts = body.split(`--${marker}`);
  if (parts.length < 2) return false;
  // Parts named by a number are React's own rows (`0` holds the arguments): each may come only once.
  const rows = new Set<string>();
  for (const part of parts.slice(1)) {
    // The closing delimiter: a body cut off before it makes Next's parser throw (a 500 otherwise).
    if (part.startsWith('--')) return true;
    const end = part.indexOf('\r\n\r\n');
    if (end < 0) return false;
    const lines = part.slice(0, end).replace(/^\r\n/, '').split('\r\n');
    if (!lines.every((line) => HEADER_LINE.test(line))) return false;
    const disposition = lines.find((line) => /^content-disposition:/i.test(line));
    const name = disposition && /\bname="([^"]*)"/i.exec(disposition)?.[1];
    if (!name) return false;
    if (/^\d+$/.test(name)) {
      if (rows.has(name)) return false;
      rows.add(name);
    }
  }
  return false;
}
