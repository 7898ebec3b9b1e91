// Server Actions as the browser's script invokes them (Next-Action header with the id from the server
// reference manifest, the arguments in React's reply encoding), on a page the manifest names for them.
// Shared by the authorization matrix and the fuzzing of every action (docs/decisions/0033, 0039).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { routePattern } from './discover';

type TManifestEntry = { workers: Record<string, unknown>; exportedName: string; filename: string };

/** `file#export` → the action's id and the pattern of a page that hosts it. */
export function manifestIds(): Map<string, { id: string; page: string }> {
  const manifest = JSON.parse(readFileSync(path.resolve(process.cwd(), '.next/server/server-reference-manifest.json'), 'utf8')) as {
    node: Record<string, TManifestEntry>;
  };
  const ids = new Map<string, { id: string; page: string }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    const page = Object.keys(entry.workers).find((w) => w.endsWith('/page'))!;
    ids.set(`${entry.filename}#${entry.exportedName}`, { id, page: routePattern(path.resolve(process.cwd(), page)) });
  }
  return ids;
}

export type TActionArgs = 'formData' | 'stateAndFormData' | 'none';

/** React's reply encoding: field `0` holds the arguments (`$K1` is the form data), the form's fields are `_1_<name>`. */
export function replyBody(fields: Record<string, string>, args: TActionArgs): FormData {
  const form = new FormData();
  form.set('0', JSON.stringify(args === 'none' ? [] : args === 'formData' ? ['$K1'] : [null, '$K1']));
  if (args !== 'none') for (const [name, value] of Object.entries(fields)) form.append(`_1_${name}`, value);
  return form;
}
