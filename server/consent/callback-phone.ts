import 'server-only';
/**
 * A phone number the member types for the callback, in a compact form (+4930123456, 030123456), or null
 * if it cannot be one: separators (spaces, "/", "-", "(", ")", ".") are dropped; a leading "+" or "0" and
 * 6 to 15 digits in all (E.164 allows 15) remain.
 */
export function normaliseCallbackPhone(raw: string | undefined): string | null {
  if (!raw) return null;
  const compact = raw.trim().replace(/[\s/().-]/g, '');
  return /^(\+[1-9]|0)[0-9]{5,14}$/.test(compact) ? compact : null;
}
