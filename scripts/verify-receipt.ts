// npm run receipt:verify -- receipt.json [--keys keys.txt] [--key "<verifier key>"] [--policy policy.txt]
// Checks a consent receipt with nothing but the file and the published verifier keys (a file as served
// at /.well-known/consent-log-keys, or a key on the command line): no database, no configuration. With
// the published witness policy (as served at /.well-known/consent-log-policy), it also counts the
// witnesses who cosigned the receipt's checkpoint against the policy's quorum.
// Exit code: 0 the receipt verifies, 2 it does not (each failing check is named) or bad arguments,
// 1 a file could not be read.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { runCommand } from './run-command';
import { RECEIPT_CHECKS, type TCheckOutcome, verifyReceipt } from '@/server/receipts/verify-receipt';
import { type TPolicy, parsePolicy } from '@/shared/transparency/policy';

const USAGE = 'Usage: npm run receipt:verify -- receipt.json (--keys keys.txt | --key "<name>+<id>+<key>") ... [--policy policy.txt]';

const WHAT: Record<(typeof RECEIPT_CHECKS)[number], string> = {
  format: 'the file is a consent receipt',
  signature: "the gateway's JWS signature verifies with a published key",
  entry: 'the embedded log entry recomputes to its leaf hash',
  checkpoint: "the checkpoint note's signature verifies with a published key",
  inclusion: "the inclusion proof leads to the checkpoint's root",
  claims: "the receipt's claims match the log entry",
  witnesses: "the published policy's quorum of witnesses cosigned the checkpoint",
};

function line(outcome: TCheckOutcome): string {
  const mark = outcome.ok === true ? 'ok  ' : outcome.ok === false ? 'FAIL' : 'skip';
  return `  ${mark} ${outcome.check.padEnd(10)} ${WHAT[outcome.check]}${outcome.detail ? ` (${outcome.detail})` : ''}`;
}

async function main(): Promise<number> {
  const parse = () =>
    parseArgs({
      allowPositionals: true,
      options: { keys: { type: 'string', multiple: true }, key: { type: 'string', multiple: true }, policy: { type: 'string' } },
    });
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch {
    console.error(USAGE);
    return 2;
  }
  const [file, ...rest] = args.positionals;
  if (!file || rest.length || (!args.values.keys?.length && !args.values.key?.length)) {
    console.error(USAGE);
    return 2;
  }
  const keys = [...(args.values.key ?? [])];
  for (const keysFile of args.values.keys ?? [])
    keys.push(
      ...(await readFile(keysFile, 'utf8'))
        .split('\n')
        .map((k) => k.trim())
        .filter(Boolean),
    );
  let policy: TPolicy | null = null;
  if (args.values.policy) {
    const parsed = parsePolicy(await readFile(args.values.policy, 'utf8'));
    if (!parsed.ok) {
      console.error(`${args.values.policy}, line ${parsed.line}: ${parsed.problem}`);
      return 2;
    }
    policy = parsed.policy;
  }
  const result = await verifyReceipt(await readFile(file, 'utf8'), keys, policy);
  const { receipt, checkpoint } = result;
  if (receipt)
    console.log(
      `Receipt ${receipt.receiptId}: ${receipt.event} at ${receipt.consentTimestamp}, log entry ${receipt.evidence.event.entry.seq}`,
    );
  if (checkpoint) console.log(`Checkpoint: ${checkpoint.origin}, ${checkpoint.treeSize} entries`);
  for (const outcome of result.checks) console.log(line(outcome));
  const witnessed = Object.entries(result.witnessedBy).map(([name, t]) => `${name} (${new Date(t * 1000).toISOString()})`);
  if (witnessed.length) console.log(`Cosigned by: ${witnessed.join(', ')}`);
  if (result.ok && !policy) console.log('Witnesses not counted: give the published policy with --policy to count them.');
  else if (result.ok && result.checks.find((c) => c.check === 'witnesses')?.ok !== true)
    console.log(
      "Not (yet) witnessed: the checkpoint carries the log's own signature only. Download the receipt again later for one its witnesses cosigned.",
    );
  if (result.ok) {
    console.log(
      'Receipt verified. To show the entry is still in the log, check a newer checkpoint against this one: GET /api/log/proofs/consistency?from=<this size>&to=<newer size>.',
    );
    return 0;
  }
  const failed = result.checks.filter((c) => c.ok === false).map((c) => c.check);
  console.error(`Receipt does NOT verify: ${failed.join(', ')}.`);
  return 2;
}

runCommand(main);
