import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * A stored callback number (compact, as server/consent/callback-phone.ts keeps it) as people read and dial
 * it: a German number in the grouped national form ("030 12345678"), another country's in the international
 * one ("+43 1 23456789"). A number the numbering plan does not know is shown as stored, never altered.
 * Derived on display: only the compact form is stored.
 */
export function formatPhone(stored: string): string {
  const number = parsePhoneNumberFromString(stored, 'DE');
  if (!number?.isValid()) return stored;
  return number.country === 'DE' ? number.formatNational() : number.formatInternational();
}
