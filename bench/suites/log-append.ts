// Item 2: log appends through the data layer vs plain single-row INSERTs of the same row shape, at 8
// concurrent writers, each append durable on its own (its own transaction), on PostgreSQL. The plain
// writer does the same SQL work in its cheapest form: the entry row and its personal row in one
// statement on the bare driver. The data layer's figure counts an append only once it is integrated
// into the chain.
import pg from 'pg';
import { appendLogEntryAlone } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { startIntegrationRunner, stopIntegrationRunner } from '@/server/audit-log/integration-runner';
import { verifyChain } from '@/server/transparency/verify-chain';
import { openDatabase } from '@/server/db/client';
import { dropPostgresDatabase, freshPostgresDatabase } from '../lib/bench-database';
import { describeShares, withCpuShares } from '../lib/cpu-shares';
import { type TFigure, explainMiss, figure } from '../lib/figures';

const WRITERS = 8;
const PAYLOAD = {
  decisionId: '6a0c1b7e-3f9d-4b52-8a7e-2c1d9e5f4a30',
  videoServiceId: '0b6f4c2e-9d1a-4e3b-8f5c-7a2d1e9c4b60',
  disclosure: { versionId: '5e8d2c1b-7a4f-4c3e-9b1d-2f6a8e0c4d71', hash: 'ab'.repeat(32), language: 'de' },
  choices: { transmission: true, thirdCountryTransfer: true, recording: false },
  channel: 'web',
};
const PERSONAL = { actorId: '1f2e3d4c-5b6a-4978-8a9b-0c1d2e3f4a5b', ipPseudonym: 'net:0123456789abcdef0123' };

async function runWriters(perWriter: number, write: (i: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let i = 0; i < perWriter; i++) await write(w * perWriter + i);
    }),
  );
  return performance.now() - started;
}

/** The same row shape as a queued entry plus its personal row, written with plain single-row INSERTs. */
async function plainInserts(url: string, perWriter: number): Promise<number> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`CREATE TABLE plain_entry (id bigserial PRIMARY KEY, recorded_at timestamptz(3) NOT NULL, event_type text NOT NULL,
    consultation_id uuid, payload jsonb NOT NULL, personal_commitment text)`);
  await setup.query('CREATE TABLE plain_personal (entry_id bigint PRIMARY KEY, salt text NOT NULL, data jsonb NOT NULL)');
  await setup.end();
  const pool = new pg.Pool({ connectionString: url, max: WRITERS });
  const ms = await runWriters(perWriter, async () => {
    await pool.query(
      `WITH entry AS (
         INSERT INTO plain_entry (recorded_at, event_type, consultation_id, payload, personal_commitment) VALUES (now(), $1, $2, $3, $4) RETURNING id)
       INSERT INTO plain_personal (entry_id, salt, data) SELECT id, $5, $6 FROM entry`,
      ['consent.given', '00000000-0000-4000-8000-000000000001', PAYLOAD, 'cd'.repeat(32), 'ef'.repeat(32), PERSONAL],
    );
  });
  await pool.end();
  return (WRITERS * perWriter) / (ms / 1000);
}

async function dataLayerAppends(url: string, perWriter: number): Promise<{ rate: number; verified: boolean }> {
  const database = await openDatabase({ kind: 'postgres', url });
  const prisma = database.prisma;
  // As in the app: each append nudges the integration runner; the clock stops when the last append is
  // in the chain.
  startIntegrationRunner(prisma);
  const started = performance.now();
  await runWriters(perWriter, async () => {
    await appendLogEntryAlone(database.direct, {
      eventType: LOG_EVENT.consentGiven,
      consultationId: '00000000-0000-4000-8000-000000000001',
      payload: PAYLOAD,
      personal: PERSONAL,
    });
  });
  while ((await prisma.logQueueEntry.count()) > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  const ms = performance.now() - started;
  await stopIntegrationRunner();
  await integrateQueuedEntries(prisma);
  const verified = await verifyChain(database);
  await database.close();
  return { rate: (WRITERS * perWriter) / (ms / 1000), verified: verified.ok && verified.entriesChecked === WRITERS * perWriter };
}

export async function logAppendSuite(options: { appendsPerWriter: number; log: (line: string) => void }): Promise<TFigure[]> {
  const target = await freshPostgresDatabase('consent_bench_append');
  options.log(`plain single-row INSERTs, ${WRITERS} writers × ${options.appendsPerWriter}`);
  const baseline = await plainInserts(target.url, options.appendsPerWriter);
  options.log(`data-layer appends, ${WRITERS} writers × ${options.appendsPerWriter}, until integrated`);
  const {
    result: { rate, verified },
    shares,
  } = await withCpuShares(() => dataLayerAppends(target.url, options.appendsPerWriter));
  await dropPostgresDatabase('consent_bench_append');
  if (!verified) throw new Error('the benchmark log did not verify');
  return [
    explainMiss(
      figure(
        `log-append-pg-${WRITERS}`,
        'appends/s',
        rate,
        baseline,
        { kind: 'ratio-at-least', min: 0.5 },
        'each append one statement in its own transaction, counted when integrated into the chain',
      ),
      `during the data layer's appends (the writers and the integration run in the bench process): ${describeShares(shares)}`,
    ),
  ];
}
