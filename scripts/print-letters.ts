// npm run letters:print -- --out DIR [--url http://localhost:3000] [--credential cgp_…] [--fail REASON]
// Plays the insurer's print and mail system (docs/print-api.md): settles letters a previous run fetched,
// then fetches every waiting letter, writes each PDF to DIR and reports it printed. With --fail REASON the
// first letter for each recipient is reported failed instead (a jam), and the repeat the gateway then
// queues is printed in the same run. Needs no database: it speaks only to the gateway's print API.
import './load-env';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { runCommand } from './run-command';

const ZClaim = z.object({
  letter: z.object({
    id: z.uuid(),
    attempt: z.number().int(),
    recipient: z.object({ kind: z.enum(['MEMBER', 'EMPLOYER']), number: z.string(), name: z.string() }),
    language: z.string(),
    handedAt: z.string(),
    codeValidUntil: z.string(),
  }),
  pdf: z.base64(),
});
const ZOutstanding = z.object({ letters: z.array(z.object({ id: z.uuid() })) });
const FAILURE_REASONS = ['printer-error', 'damaged', 'address-unknown', 'not-received', 'other'];

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { out: { type: 'string' }, url: { type: 'string' }, credential: { type: 'string' }, fail: { type: 'string' } },
  });
  const credential = values.credential ?? process.env.PRINT_API_TOKEN;
  const base = values.url ?? process.env.PRINT_API_URL ?? 'http://localhost:3000';
  if (!values.out || !credential || (values.fail && !FAILURE_REASONS.includes(values.fail))) {
    console.error(
      'Usage: npm run letters:print -- --out DIR [--url URL] [--credential TOKEN (or PRINT_API_TOKEN)] [--fail printer-error|damaged|address-unknown|not-received|other]',
    );
    return 2;
  }
  const out = values.out;
  await mkdir(out, { recursive: true });
  const headers = { authorization: `Bearer ${credential}` };
  const api = (route: string) => new URL(`/api/print/v1/letters${route}`, base).toString();

  async function report(id: string, body: object): Promise<void> {
    const response = await fetch(api(`/${id}/confirmation`), {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`the report on letter ${id} was refused: ${response.status} ${await response.text()}`);
  }

  // A previous run may have stopped between fetching a letter and reporting it: a letter whose PDF is
  // here was printed; one whose answer never arrived is reported failed, so the gateway requests it again.
  const outstanding = await fetch(api(''), { headers });
  if (outstanding.status === 401) {
    console.error('The print API refused the credential (unknown or revoked).');
    return 2;
  }
  if (!outstanding.ok) throw new Error(`listing the outstanding letters failed: ${outstanding.status}`);
  for (const { id } of ZOutstanding.parse(await outstanding.json()).letters) {
    const printed = existsSync(path.join(out, `${id}.pdf`));
    await report(id, printed ? { outcome: 'printed' } : { outcome: 'failed', reason: 'not-received' });
    console.log(`${id}: ${printed ? 'printed (from an earlier run)' : 'failed, not received (requested again)'}`);
  }

  let count = 0;
  const jammed = new Set<string>();
  for (;;) {
    const response = await fetch(api('/claim'), { method: 'POST', headers });
    if (response.status === 204) break;
    if (!response.ok) throw new Error(`fetching a letter failed: ${response.status} ${await response.text()}`);
    const { letter, pdf } = ZClaim.parse(await response.json());
    await writeFile(path.join(out, `${letter.id}.pdf`), Buffer.from(pdf, 'base64'));
    // What a mail room needs besides the PDF; the code is only inside the PDF.
    await writeFile(path.join(out, `${letter.id}.json`), `${JSON.stringify(letter, null, 2)}\n`);
    const fail = values.fail && !jammed.has(letter.recipient.number) ? values.fail : null;
    if (fail) jammed.add(letter.recipient.number);
    await report(letter.id, fail ? { outcome: 'failed', reason: fail } : { outcome: 'printed' });
    console.log(
      `${letter.id}: ${fail ? `failed (${fail})` : 'printed'}, attempt ${letter.attempt}, for ${letter.recipient.kind === 'EMPLOYER' ? 'company' : 'insurance'} number ${letter.recipient.number}`,
    );
    count++;
  }
  console.log(count ? `${count} letter(s) written to ${out}.` : 'No letter was waiting.');
  return 0;
}

runCommand(main);
