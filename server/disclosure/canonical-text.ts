import 'server-only';
import { sha256Hex } from '@/server/crypto/sha256';

function normalise(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t]+$/, ''))
    .join('\n')
    .trim();
}

/**
 * The exact text a disclosure hash covers: NFC, LF line ends, no trailing blanks, the title, an
 * empty line, then the body. Anyone holding the published text can recompute the hash.
 */
export function canonicalDisclosureText(disclosure: { title: string; body: string }): string {
  return `${normalise(disclosure.title)}\n\n${normalise(disclosure.body)}`;
}

export function disclosureHash(disclosure: { title: string; body: string }): string {
  return sha256Hex(canonicalDisclosureText(disclosure));
}
