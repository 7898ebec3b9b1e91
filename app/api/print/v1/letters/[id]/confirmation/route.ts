import { z } from 'zod';
import { db } from '@/server/db/client';
import { ZLetterConfirmation, confirmLetter } from '@/server/letters/confirm-letter';
import { printCaller, printEndpoint, printProblem } from '@/server/print-api/print-route';
import { parseStrictJson } from '@/server/receipts/strict-json';
import { readBodyText } from '@/server/request/read-form';
import { jsonResponse } from '@/server/request/json-response';

const ZLetterId = z.uuid();
const MAX_BODY_BYTES = 4096;

/** The print system reports a letter printed or failed (docs/print-api.md). */
async function handle(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const caller = await printCaller(request, 'confirmation');
  if ('response' in caller) return caller.response;
  const id = ZLetterId.safeParse((await params).id);
  if (!id.success) return printProblem(404, 'not-found');
  if ((request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase() !== 'application/json') return printProblem(415, 'unsupported-media-type');
  const body = await readBodyText(request, MAX_BODY_BYTES);
  if (!body.ok) return printProblem(413, 'too-large');
  // A key twice would mean one thing here and another to the sender's logs: refused (found by the fuzzing).
  const json = parseStrictJson(body.text, 4);
  if (!json.ok) return printProblem(400, 'bad-json', { problem: json.problem });
  const report = ZLetterConfirmation.safeParse(json.value);
  if (!report.success) return printProblem(400, 'bad-request', { problems: report.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })) });
  const result = await confirmLetter(await db(), caller.credential, id.data, report.data);
  if (!result.ok) {
    if (result.reason === 'not-found') return printProblem(404, 'not-found');
    return printProblem(409, result.reason, { state: result.state?.toLowerCase().replaceAll('_', '-') });
  }
  return jsonResponse(200, { letter: { id: id.data, state: result.state.toLowerCase(), repeatedBy: result.repeatedBy } });
}

export function POST(request: Request, context: { params: Promise<{ id: string }> }) {
  return printEndpoint(() => handle(request, context));
}
