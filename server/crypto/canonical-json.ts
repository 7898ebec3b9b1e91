import 'server-only';

export type TCanonicalValue = null | boolean | number | string | TCanonicalValue[] | { [key: string]: TCanonicalValue };

/**
 * Canonical JSON in the manner of RFC 8785 (JCS) for the values the log stores: object keys sorted by
 * UTF-16 code units, no white space, strings escaped as ECMAScript JSON does. Only safe integers are
 * allowed as numbers, so no float formatting question can arise. (Written as one string builder: the
 * verifier runs it once per log entry.)
 */
export function canonicalJson(value: TCanonicalValue): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(value)) throw new TypeError(`canonicalJson: only safe integers are allowed, got ${value}`);
      return String(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]!);
        return `${out}]`;
      }
      const keys = Object.keys(value).sort();
      let out = '{';
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        const member = value[key];
        if (member === undefined) throw new TypeError(`canonicalJson: undefined at "${key}"`);
        out += `${i ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(member)}`;
      }
      return `${out}}`;
    }
    default:
      throw new TypeError(`canonicalJson: unsupported value of type ${typeof value}`);
  }
}
