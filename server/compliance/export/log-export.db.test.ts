import { createHash } from 'node:crypto';
import { expect, it } from 'vitest';
import { appendLogEntry } from '@/server/audit-log/append-log-entry';
import { type THashedFields, leafHash } from '@/server/audit-log/entry-hashing';
import { LOG_EVENT } from '@/server/audit-log/event-types';
import { integrateQueuedEntries } from '@/server/audit-log/integrate-entries';
import { createAccount } from '@/prisma/seed/factories';
import { createLogExport } from '@/server/compliance/export/create-export';
import { exportManifest, signedExportManifest } from '@/server/compliance/export/export-manifest';
import { verifyDetached } from '@/server/crypto/detached-jws';
import type { TCanonicalValue } from '@/server/crypto/canonical-json';
import { getLogExport } from '@/server/compliance/export/officer-exports';
import { produceExport } from '@/server/compliance/export/produce-export';
import { ZLogFilter } from '@/server/compliance/log-filter';
import { verifyCheckpointNote } from '@/shared/transparency/checkpoint-note';
import { publishedVerifierKeys } from '@/server/transparency/checkpoints';
import { inclusionProof, verifyInclusion } from '@/shared/transparency/merkle';
import { storedTree } from '@/server/transparency/merkle-store';
import { describeEachDatabase, useTestDatabase } from '@/tests/database';
import { TEST_PASSWORD, actorFor, createScenario, createServices, giveConsent } from '@/tests/scenario';

/** A JSON Lines row as the export writes it: the hashed fields in JSON, with the leaf hash and the letter mark. */
type TExportLine = Omit<THashedFields, 'seq' | 'recordedAt'> & {
  seq: number;
  recordedAt: string;
  leafHash: string;
  afterPasswordLetter: string | null;
};
const jsonLines = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as TExportLine);

describeEachDatabase('log exports', (kind) => {
  const database = useTestDatabase(kind);

  async function collect(chunks: AsyncGenerator<Buffer>): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    return Buffer.concat(parts);
  }

  it('exports a filtered selection up to a signed checkpoint, the same bytes every time, with a manifest an auditor can check', async () => {
    const db = database();
    const { prisma } = db;
    const officer = actorFor(
      await createAccount(prisma, {
        kind: 'COMPLIANCE',
        loginName: `officer.export.${kind}`,
        displayName: 'Prüfer',
        password: TEST_PASSWORD,
      }),
    );
    await prisma.$transaction(async (tx) => {
      for (let i = 0; i < 12; i++) {
        // Payload text a CSV must quote: commas, quotes and a line break.
        await appendLogEntry(tx, { eventType: i % 3 === 0 ? LOG_EVENT.joinDenied : LOG_EVENT.login, payload: { n: i, note: 'a, "b"\nc' } });
      }
    });
    await integrateQueuedEntries(prisma);

    expect(await createLogExport(prisma, actorFor({ ...officer, kind: 'ADVISOR' }), { filter: {}, format: 'CSV' })).toBeNull();
    const filter = ZLogFilter.parse({ event: LOG_EVENT.joinDenied });
    const created = (await createLogExport(prisma, officer, { filter, format: 'JSONL', reason: 'Prüfung 2026' }))!;
    // Entries logged after the export was created are not part of it.
    await prisma.$transaction((tx) => appendLogEntry(tx, { eventType: LOG_EVENT.joinDenied, payload: { late: true } }));
    await integrateQueuedEntries(prisma);

    const exp = (await getLogExport(prisma, officer, created.id))!;
    expect(await exportManifest(prisma, exp), 'no manifest before the file was produced').toBeNull();
    const file = await collect(produceExport(db, exp));
    const again = await collect(produceExport(db, (await getLogExport(prisma, officer, created.id))!));
    expect(again.equals(file)).toBe(true);

    const lines = jsonLines(file.toString('utf8'));
    expect(lines.map((l) => (l.payload as { n: number }).n)).toEqual([0, 3, 6, 9]);
    const completed = (await getLogExport(prisma, officer, created.id))!;
    const manifest = (await exportManifest(prisma, completed))!;
    expect(manifest.file).toMatchObject({ rows: 4, bytes: file.length, sha256: createHash('sha256').update(file).digest('hex') });
    expect(manifest.filter).toEqual({ event: LOG_EVENT.joinDenied });

    // The manifest is signed with the log's key and names the entry that commits the file's figures.
    const signed = (await signedExportManifest(prisma, completed))!;
    expect(signed.manifest).toEqual(manifest);
    expect(await verifyDetached(signed.manifest, signed.jws!, publishedVerifierKeys())).toBe('ok');
    const altered = { ...signed.manifest, file: { ...signed.manifest.file, rows: 5 } };
    expect(await verifyDetached(altered, signed.jws!, publishedVerifierKeys())).toBe('bad-signature');
    const committing = await prisma.logEntry.findUniqueOrThrow({ where: { seq: BigInt(manifest.committedBy.seq) } });
    expect(committing).toMatchObject({ eventType: LOG_EVENT.exportCompleted, leafHash: manifest.committedBy.leafHash });
    expect(committing.payload).toMatchObject({ exportId: created.id, rows: 4, bytes: file.length, sha256: manifest.file.sha256 });
    expect(leafHash({ ...committing, payload: committing.payload as TCanonicalValue })).toBe(manifest.committedBy.leafHash);

    // What an auditor does: recompute each leaf from the row, prove it against the signed checkpoint.
    const note = manifest.coveredBy.checkpoint!.note;
    const checked = verifyCheckpointNote(note, publishedVerifierKeys());
    expect(checked.ok).toBe(true);
    const root = (checked as { checkpoint: { rootHash: Buffer } }).checkpoint.rootHash;
    const size = manifest.coveredBy.treeSize;
    for (const row of lines) {
      const leaf = leafHash({ ...row, seq: BigInt(row.seq), recordedAt: new Date(row.recordedAt) });
      expect(leaf).toBe(row.leafHash);
      const proof = await inclusionProof(storedTree(prisma), row.seq - 1, size);
      expect(verifyInclusion(Buffer.from(leaf, 'hex'), row.seq - 1, size, proof, root)).toBe(true);
    }

    // Created and completed once, both logged; the figures are fixed.
    await integrateQueuedEntries(prisma);
    const logged = await prisma.logEntry.findMany({
      where: { eventType: { in: [LOG_EVENT.exportCreated, LOG_EVENT.exportCompleted] } },
      orderBy: { seq: 'asc' },
      select: { eventType: true, payload: true },
    });
    expect(logged.map((l) => l.eventType)).toEqual([LOG_EVENT.exportCreated, LOG_EVENT.exportCompleted]);
    expect(logged[1]!.payload).toMatchObject({ exportId: created.id, rows: 4, sha256: manifest.file.sha256 });
    await expect(prisma.logExport.update({ where: { id: created.id }, data: { sha256: 'f'.repeat(64) } })).rejects.toThrow();
  });

  it('writes CSV (RFC 4180 quoting, LF line ends) that a reader parses back to the same fields', async () => {
    const db = database();
    const { prisma } = db;
    const officer = actorFor(
      await createAccount(prisma, {
        kind: 'COMPLIANCE',
        loginName: `officer.csv.${kind}`,
        displayName: 'Prüferin',
        password: TEST_PASSWORD,
      }),
    );
    await prisma.$transaction((tx) => appendLogEntry(tx, { eventType: LOG_EVENT.login, payload: { note: 'x, "y"\r\nz' } }));
    const created = (await createLogExport(prisma, officer, { filter: {}, format: 'CSV' }))!;
    const text = (await collect(produceExport(db, (await getLogExport(prisma, officer, created.id))!))).toString('utf8');
    const [header, ...records] = parseCsv(text);
    expect(header).toEqual([
      'seq',
      'recorded_at',
      'event_type',
      'consultation_id',
      'payload',
      'personal_commitment',
      'leaf_hash',
      'chain_hash',
      'after_password_letter',
    ]);
    const last = records.at(-1)!;
    expect(JSON.parse(last[4]!)).toEqual({ note: 'x, "y"\r\nz' });
    expect(BigInt(last[0]!)).toBe((await getLogExport(prisma, officer, created.id))!.treeSize);
  });

  it("carries the password-letter mark as a column, and exports the explorer's filter on it", async () => {
    const db = database();
    const { prisma } = db;
    const officer = actorFor(
      await createAccount(prisma, {
        kind: 'COMPLIANCE',
        loginName: `officer.letter.${kind}`,
        displayName: 'Prüferin',
        password: TEST_PASSWORD,
      }),
    );
    const services = await createServices(prisma);
    const marked = await createScenario(prisma, services);
    const unmarked = await createScenario(prisma, services);
    await giveConsent(prisma, marked, { recording: false }, { afterPasswordLetter: 'ADVISOR' });
    await giveConsent(prisma, unmarked, { recording: false });

    const produce = async (filter: Record<string, string>, format: 'CSV' | 'JSONL') => {
      const created = (await createLogExport(prisma, officer, { filter: ZLogFilter.parse(filter), format }))!;
      const text = (await collect(produceExport(db, (await getLogExport(prisma, officer, created.id))!))).toString('utf8');
      return { text, manifest: (await exportManifest(prisma, (await getLogExport(prisma, officer, created.id))!))! };
    };
    const csv = await produce({ afterPasswordLetter: 'any' }, 'CSV');
    const [header, ...records] = parseCsv(csv.text);
    const at = (name: string) => header!.indexOf(name);
    expect(records.map((r) => [r[at('consultation_id')], r[at('event_type')], r[at('after_password_letter')]])).toEqual([
      [marked.onOwn.id, LOG_EVENT.consentGiven, 'ADVISOR'],
    ]);
    expect(JSON.parse(records[0]![at('payload')]!)).toMatchObject({ afterPasswordLetter: 'ADVISOR' });
    expect(csv.manifest.filter).toEqual({ afterPasswordLetter: 'any' });
    expect(csv.manifest.file.columns).toEqual(header);
    expect(csv.manifest.verification.join(' ')).toContain('payload.afterPasswordLetter');
    const none = parseCsv((await produce({ afterPasswordLetter: 'none', event: LOG_EVENT.consentGiven }, 'CSV')).text).slice(1);
    expect(none.map((r) => [r[at('consultation_id')], r[at('after_password_letter')]])).toEqual([[unmarked.onOwn.id, '']]);

    // JSON Lines: the field beside the payload's own, null where there is no mark; the leaf still verifies.
    const lines = jsonLines((await produce({ event: LOG_EVENT.consentGiven }, 'JSONL')).text);
    expect(lines.map((l) => [l.consultationId, l.afterPasswordLetter])).toEqual([
      [marked.onOwn.id, 'ADVISOR'],
      [unmarked.onOwn.id, null],
    ]);
    for (const row of lines) expect(leafHash({ ...row, seq: BigInt(row.seq), recordedAt: new Date(row.recordedAt) })).toBe(row.leafHash);
  });

  it('keeps producing an export made before the password-letter column with the columns it was made with', async () => {
    const db = database();
    const { prisma } = db;
    const officer = actorFor(
      await createAccount(prisma, { kind: 'COMPLIANCE', loginName: `officer.old.${kind}`, displayName: 'Prüfer', password: TEST_PASSWORD }),
    );
    await prisma.$transaction((tx) => appendLogEntry(tx, { eventType: LOG_EVENT.login, payload: { n: 1 } }));
    await integrateQueuedEntries(prisma);
    const treeSize = (await prisma.logHead.findUniqueOrThrow({ where: { id: 1 } })).seq;
    // What createLogExport wrote before decision 0042: the row, and an entry that names no columns.
    const old = { CSV: '', JSONL: '' };
    for (const format of ['CSV', 'JSONL'] as const) {
      const created = await prisma.$transaction(async (tx) => {
        const row = await tx.logExport.create({ data: { officerId: officer.id, format, filter: {}, treeSize }, select: { id: true } });
        await appendLogEntry(tx, {
          eventType: LOG_EVENT.exportCreated,
          payload: { exportId: row.id, format, filter: {}, treeSize: Number(treeSize), signedCheckpoint: false, channel: 'web' },
          personal: { actorId: officer.id },
        });
        return row;
      });
      const exp = (await getLogExport(prisma, officer, created.id))!;
      old[format] = (await collect(produceExport(db, exp))).toString('utf8');
      expect((await exportManifest(prisma, (await getLogExport(prisma, officer, created.id))!))!.file.columns).toEqual([
        'seq',
        'recorded_at',
        'event_type',
        'consultation_id',
        'payload',
        'personal_commitment',
        'leaf_hash',
        'chain_hash',
      ]);
    }
    expect(parseCsv(old.CSV)[0]).toHaveLength(8);
    expect(
      parseCsv(old.CSV)
        .slice(1)
        .every((r) => r.length === 8),
    ).toBe(true);
    expect(
      old.JSONL.trimEnd()
        .split('\n')
        .every((l) => !('afterPasswordLetter' in JSON.parse(l))),
    ).toBe(true);
  });
});

/** A small RFC 4180 reader, independent of the writer. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  return rows;
}
