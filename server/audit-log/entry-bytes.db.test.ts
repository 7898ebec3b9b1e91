// Each log entry is the bytes its leaf hash covers, and its fields are generated from them (docs/decisions/0075):
// the database refuses an entry whose bytes do not hash to its leaf or name another sequence number, the
// canonical JSON the migration used for older entries is the application's, and the verifier names changed bytes.
import { expect, it } from 'vitest';
import { appendLogEntry } from '@/server/audit-log/append-log-entry';
import { chainHash, entryCanonicalBytes, leafHash } from '@/server/audit-log/entry-hashing';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { type TCanonicalValue, canonicalJson } from '@/server/crypto/canonical-json';
import { verifyChain } from '@/server/transparency/verify-chain';
import { SEQ_IN_BYTES, asSuperuser, entryBytesSql, forgedEntryAfter, restoreLogSql, setPayloadSql } from '@/tests/backdate';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';

const ENTRIES = 12;

/**
 * Values the canonical form must write exactly as ECMAScript's JSON does (U+0000 aside, which jsonb cannot hold): escapes of quotes, backslashes and
 * control characters (short forms, \u00XX for the rest), characters left as they are (DEL, non-ASCII, the
 * line separators JSON.stringify keeps), keys in UTF-16 order, nesting, and integers at the safe limits.
 */
const VECTORS: TCanonicalValue[] = [
  { b: 1, a: [3, 2, { z: null, y: true, x: false }], '': 'empty key' },
  { text: 'quote " backslash \\ slash / tab \t newline \n return \r backspace \b formfeed \f' },
  { controls: '\u0001\u001f', del: '\u007f', umlauts: 'Grüße, Straße', euro: '€', line: '\u2028\u2029' },
  { A: 1, a: 2, aa: 3, 'a-b': 4, a_b: 5, ä: 6, é: 7, '\u00ff': 8, '\u0100': 9 },
  { numbers: [0, -1, 1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER], nested: { deep: { deeper: [[], {}, [[]]] } } },
  ['top', 'level', 'array'],
  'a string alone',
  42,
  null,
];

describeEachDatabase('stored entry bytes', (kind) => {
  const database = useTestDatabase(kind);
  const prisma = () => database().prisma;
  const sql = (text: string) => prisma().$executeRawUnsafe(text);

  it('are written with every entry and personal row; the fields are read from them', async () => {
    for (let i = 0; i < ENTRIES; i++) {
      await prisma().$transaction((tx) =>
        appendLogEntry(tx, {
          eventType: LOG_EVENT.consentGiven,
          consultationId: '00000000-0000-4000-8000-000000000001',
          payload: { n: i, note: 'Einwilligung „erteilt" – ü', choices: { transmission: true, recording: false } },
          personal: { actorId: '00000000-0000-4000-8000-0000000000aa', ipPseudonym: `net:${i}` },
        }),
      );
    }
    await integrateQueuedEntries(prisma());
    const entries = await prisma().logEntry.findMany({ orderBy: { seq: 'asc' } });
    expect(entries).toHaveLength(ENTRIES);
    entries.forEach((e, i) => {
      expect(e.payload).toMatchObject({ n: i, note: 'Einwilligung „erteilt" – ü' });
      expect(Buffer.from(e.canonical).equals(entryCanonicalBytes({ ...e, payload: e.payload as TCanonicalValue }))).toBe(true);
      expect(leafHash({ ...e, payload: e.payload as TCanonicalValue })).toBe(e.leafHash);
    });
    const personal = await prisma().logEntryPersonal.findMany({ orderBy: { queueId: 'asc' } });
    expect(personal.map((p) => Buffer.from(p.canonical).toString('utf8'))).toEqual(
      personal.map((p) => canonicalJson(p.data as TCanonicalValue)),
    );
    expect(await verifyChain(database())).toMatchObject({ ok: true, entriesChecked: ENTRIES });
  });

  it('are refused by the database when they do not hash to the leaf or name another entry, also where the chain links up', async () => {
    const head = await prisma().logHead.findUniqueOrThrow({ where: { id: 1 } });
    const forged = forgedEntryAfter(head);
    const leaf = leafHash(forged);
    const insert = (bytes: string) =>
      sql(`INSERT INTO consent_log (seq, queue_id, leaf_hash, chain_hash, canonical)
           VALUES (${forged.seq}, 999999, '${leaf}', '${chainHash(head.chainHash, leaf)}', ${bytes})`);
    const other = { ...forged, eventType: 'other' };
    await expect(insert(entryBytesSql(other))).rejects.toThrow(/does not carry the bytes its leaf hash covers/);
    await expect(insert(entryBytesSql({ ...forged, seq: forged.seq + 1n }))).rejects.toThrow(new RegExp(SEQ_IN_BYTES));
    await insert(entryBytesSql(forged));
    expect(await prisma().logEntry.findUniqueOrThrow({ where: { seq: forged.seq } })).toMatchObject({ eventType: 'forged', payload: {} });
    expect(await verifyChain(database())).toMatchObject({ ok: true, entriesChecked: ENTRIES + 1 });
  });

  it("are written by the migration's canonical JSON exactly as the application writes them", async () => {
    for (const value of VECTORS) {
      const [row] = await prisma().$queryRaw<{ text: string }[]>`SELECT log_canonical_json(${JSON.stringify(value)}::jsonb) AS text`;
      expect(row!.text, JSON.stringify(value)).toBe(canonicalJson(value));
    }
    // Every entry's fields, as the migration read them from the columns, give the entry's bytes again.
    const [check] = await prisma().$queryRaw<{ same: bigint; entries: bigint }[]>`
      SELECT count(*) FILTER (WHERE canonical = convert_to(log_canonical_json(jsonb_build_object(
               'v', 1, 'seq', seq::text, 'recordedAt', to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
               'eventType', event_type, 'consultationId', consultation_id, 'payload', payload,
               'personalCommitment', personal_commitment)), 'UTF8')) AS same,
             count(*) AS entries
        FROM consent_log`;
    expect(check!.same).toBe(check!.entries);
  });

  it('let the verifier name an entry whose bytes were changed, or moved to another number, and a changed personal row', async () => {
    const eighth = await prisma().logEntry.findUniqueOrThrow({ where: { seq: 8n } });
    const cases: [string, string[], { seq: bigint; problem: string }][] = [
      [
        'changed bytes',
        [`UPDATE consent_log SET ${setPayloadSql(`'{"n": 50}'`)} WHERE seq = 6`],
        { seq: 6n, problem: 'leaf-hash-mismatch' },
      ],
      [
        'bytes of the entry before, hashes and all',
        [
          `ALTER TABLE consent_log DROP CONSTRAINT ${SEQ_IN_BYTES}`,
          'UPDATE consent_log e SET canonical = b.canonical, leaf_hash = b.leaf_hash, chain_hash = b.chain_hash FROM consent_log b WHERE e.seq = 6 AND b.seq = 5',
        ],
        { seq: 6n, problem: 'leaf-hash-mismatch' },
      ],
      [
        'personal bytes',
        [`UPDATE consent_log_personal SET canonical = convert_to('{"actorId":"someone-else"}', 'UTF8') WHERE queue_id = ${eighth.queueId}`],
        { seq: 8n, problem: 'personal-data-mismatch' },
      ],
    ];
    await asSuperuser(
      prisma(),
      'CREATE TABLE bytes_backup_log AS SELECT seq, queue_id, leaf_hash, chain_hash, canonical FROM consent_log',
      'CREATE TABLE bytes_backup_personal AS SELECT queue_id, salt, canonical FROM consent_log_personal',
    );
    for (const [what, changes, broken] of cases) {
      await asSuperuser(prisma(), ...changes);
      expect((await verifyChain(database())).firstBroken, what).toEqual(broken);
      await asSuperuser(prisma(), ...restoreLogSql('bytes_backup_log', 'bytes_backup_personal'));
    }
    expect(await verifyChain(database())).toMatchObject({ ok: true });
  });
});
