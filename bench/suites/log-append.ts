// Item 2: log appends through the data layer vs plain single-row INSERTs of the same row shape, at 8
// concurrent writers, each append durable on its own (its own transaction), on PostgreSQL. The plain
// writer does the same SQL work in its cheapest form: the entry row and its personal row in one
// statement on the bare driver. The data layer's figure counts an append only once it is integrated
// into the chain.
import pg from 'pg';
import { appendLogEntryAlone } from '@/server/audit-log/append-log-entry';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { INTEGRATION_BATCH, integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { startIntegrationRunner, stopIntegrationRunner } from '@/server/audit-log/integration-runner';
import { verifyChain } from '@/server/transparency/verify-chain';
import { type TOpenDatabase, openDatabase } from '@/server/db/client';
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

/** Bytes of write-ahead log the server wrote while `work` ran (the bench is the only writer). */
async function withWalBytes<T>(url: string, work: () => Promise<T>): Promise<{ result: T; walBytes: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const lsn = (await client.query<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn')).rows[0]!.lsn;
    const result = await work();
    const { rows } = await client.query<{ bytes: string }>('SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), $1)::text AS bytes', [lsn]);
    return { result, walBytes: Number(rows[0]!.bytes) };
  } finally {
    await client.end();
  }
}

/** The same row shape as a queued entry plus its personal row, written with plain single-row INSERTs. */
async function plainInserts(url: string, perWriter: number): Promise<{ rate: number; walBytes: number }> {
  const setup = new pg.Client({ connectionString: url });
  await setup.connect();
  await setup.query(`CREATE TABLE plain_entry (id bigserial PRIMARY KEY, recorded_at timestamptz(3) NOT NULL, event_type text NOT NULL,
    consultation_id uuid, payload jsonb NOT NULL, personal_commitment text)`);
  await setup.query('CREATE TABLE plain_personal (entry_id bigint PRIMARY KEY, salt text NOT NULL, data jsonb NOT NULL)');
  await setup.end();
  const pool = new pg.Pool({ connectionString: url, max: WRITERS });
  const { result: ms, walBytes } = await withWalBytes(url, () =>
    runWriters(perWriter, async () => {
      await pool.query(
        `WITH entry AS (
         INSERT INTO plain_entry (recorded_at, event_type, consultation_id, payload, personal_commitment) VALUES (now(), $1, $2, $3, $4) RETURNING id)
       INSERT INTO plain_personal (entry_id, salt, data) SELECT id, $5, $6 FROM entry`,
        ['consent.given', '00000000-0000-4000-8000-000000000001', PAYLOAD, 'cd'.repeat(32), 'ef'.repeat(32), PERSONAL],
      );
    }),
  );
  await pool.end();
  return { rate: (WRITERS * perWriter) / (ms / 1000), walBytes };
}

const appendOne = (database: TOpenDatabase) => () =>
  appendLogEntryAlone(database.direct, {
    eventType: LOG_EVENT.consentGiven,
    consultationId: '00000000-0000-4000-8000-000000000001',
    payload: PAYLOAD,
    personal: PERSONAL,
  }).then(() => undefined);

async function dataLayerAppends(database: TOpenDatabase, perWriter: number): Promise<number> {
  const prisma = database.prisma;
  // As in the app: each append nudges the integration runner; the clock stops when the last append is
  // in the chain.
  startIntegrationRunner(prisma);
  const started = performance.now();
  await runWriters(perWriter, appendOne(database));
  // The head's sequence number (one row) says how many are in the chain of this fresh log; counting the
  // queue instead would scan the rows the integrator just deleted, every 5 ms, on the cores being measured.
  const inChain = async () => (await prisma.logHead.findUniqueOrThrow({ where: { id: 1 }, select: { seq: true } })).seq;
  while ((await inChain()) < BigInt(WRITERS * perWriter)) await new Promise((resolve) => setTimeout(resolve, 5));
  const ms = performance.now() - started;
  await stopIntegrationRunner();
  return (WRITERS * perWriter) / (ms / 1000);
}

/**
 * Where the time goes: the same appends with no integrator running (what the writers wait for), then the
 * integration of all of them alone, each with the write-ahead log it wrote.
 */
async function appendsThenIntegration(url: string, database: TOpenDatabase, perWriter: number) {
  const appends = await withWalBytes(url, () => runWriters(perWriter, appendOne(database)));
  const integration = await withWalBytes(url, async () => {
    const started = performance.now();
    const integrated = await integrateQueuedEntries(database.prisma);
    return { integrated, ms: performance.now() - started };
  });
  const entries = WRITERS * perWriter;
  if (integration.result.integrated !== entries)
    throw new Error(`integrated ${integration.result.integrated} of ${entries} queued entries`);
  return {
    appendRate: entries / (appends.result / 1000),
    integrationRate: entries / (integration.result.ms / 1000),
    appendWal: appends.walBytes / entries,
    integrationWal: integration.walBytes / entries,
  };
}

export async function logAppendSuite(options: { appendsPerWriter: number; log: (line: string) => void }): Promise<TFigure[]> {
  const target = await freshPostgresDatabase('consent_bench_append');
  const entries = WRITERS * options.appendsPerWriter;
  options.log(`plain single-row INSERTs, ${WRITERS} writers × ${options.appendsPerWriter}`);
  const { rate: baseline, walBytes: plainWal } = await plainInserts(target.url, options.appendsPerWriter);
  const database = await openDatabase(target);
  try {
    options.log(`data-layer appends, ${WRITERS} writers × ${options.appendsPerWriter}, until integrated`);
    const { result: rate, shares } = await withCpuShares(() => dataLayerAppends(database, options.appendsPerWriter));
    options.log('the same appends with the integrator stopped, then their integration alone');
    const split = await appendsThenIntegration(target.url, database, options.appendsPerWriter);
    const verified = await verifyChain(database);
    if (!verified.ok || verified.entriesChecked !== 2 * entries) throw new Error('the benchmark log did not verify');
    // Both phases in turn, each at its own rate: what the measured run would reach if they did not overlap.
    const inTurn = 1 / (1 / split.appendRate + 1 / split.integrationRate);
    const round = (n: number) => Math.round(n).toLocaleString('en');
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
        `each entry is written twice: queued by its append (with no integrator running the appends alone reach ` +
          `${round(split.appendRate)}/s, ${(split.appendRate / baseline).toFixed(2)} of the plain INSERTs), then ` +
          `integrated (alone ${round(split.integrationRate)} entries/s in batches of ${INTEGRATION_BATCH}: the entry with ` +
          `its generated columns and indexes, facets and time block, the queue row deleted); one after the other ` +
          `${round(inTurn)}/s. Write-ahead log per entry: plain INSERTs ${round(plainWal / entries)} bytes, appends ` +
          `${round(split.appendWal)}, integration ${round(split.integrationWal)}. During the measured run (the writers ` +
          `and the integration in the bench process): ${describeShares(shares)}`,
      ),
    ];
  } finally {
    await database.close();
    await dropPostgresDatabase('consent_bench_append');
  }
}
