// What the mirror and the monitor are told from outside: the published trust policy (the log's key and
// its witnesses, C2SP tlog-policy), an auditor credential in a file (never on the command line, where
// other users of the machine could read it), and where to write.
import { readFileSync, statSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type TPolicy, parsePolicy } from '@/shared/transparency/policy';
import { parseVerifierKey } from '@/shared/transparency/checkpoint-note';

export class UsageError extends Error {}

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the ${what} ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/** The policy file: its log keys (at least one Ed25519 key) and witnesses; the anchor nothing the log serves can replace. */
export function readPolicy(path: string | undefined): { policy: TPolicy; logKeys: string[] } {
  if (!path)
    throw new UsageError(
      "set --policy FILE: the published trust policy (the log key and its witnesses), from the insurer's publication, not from the log's address",
    );
  const parsed = parsePolicy(readText(path, 'policy'));
  if (!parsed.ok) throw new UsageError(`${path}, line ${parsed.line}: ${parsed.problem}`);
  const logKeys = parsed.policy.logs.map((l) => l.key.text).filter((k) => parseVerifierKey(k) !== null);
  if (logKeys.length === 0) throw new UsageError(`${path} names no Ed25519 log key ("log <vkey>")`);
  return { policy: parsed.policy, logKeys };
}

/** The auditor credential from a file: its first line, as the two officers' halves were put together. */
export function readCredential(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const token = readText(path, 'credential').split('\n')[0]!.trim();
  if (!/^cga_[A-Za-z0-9_-]{86}$/.test(token))
    throw new UsageError(`${path} does not hold an auditor credential (cga_ followed by 86 characters)`);
  return token;
}

/**
 * A log prefix: an http(s) URL without query (the checkpoint is at <prefix>/checkpoint), or a mirror's
 * directory on this machine, as a path or a file: URL.
 */
export function readPrefix(url: string | undefined): string {
  if (!url) throw new UsageError("give the log's URL prefix, e.g. https://gateway.example/api/log");
  if (!/^[a-z][a-z0-9+.-]*:/i.test(url) && statSync(url, { throwIfNoEntry: false })?.isDirectory()) return pathToFileURL(url).href;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`not a URL, nor a directory: ${url}`);
  }
  if (!['http:', 'https:', 'file:'].includes(parsed.protocol) || parsed.search || parsed.hash)
    throw new UsageError(`not a log prefix URL: ${url}`);
  return parsed.href.replace(/\/+$/, '');
}
