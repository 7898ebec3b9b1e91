import 'server-only';

export type TCanonicalValue = null | boolean | number | string | TCanonicalValue[] | { [key: string]: TCanonicalValue };

/**
 * Canonical JSON in the manner of RFC 8785 (JCS) for the values the log stores: object keys sorted by
 * UTF-16 code units, no white space, strings escaped as ECMAScript JSON does. Only safe integers are
 * allowed as numbers, so no float formatting question can arise.
 */
export function canonicalJson(value: TCanonicalValue): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new TypeError(`canonicalJson: only safe integers are allowed, got ${value}`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys
      .map((key) => {
        const member = value[key];
        if (member === undefined) throw new TypeError(`canonicalJson: undefined at "${key}"`);
        return `${JSON.stringify(key)}:${canonicalJson(member)}`;
      })
      .join(',')}}`;
  }
  throw new TypeError(`canonicalJson: unsupported value of type ${typeof value}`);
}
