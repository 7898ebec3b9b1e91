// The benchmark data set: a consent log of N entries, reproducible from a seed, hashed exactly as the
// gateway hashes (server/audit-log/entry-hashing.ts), written with COPY for speed.
import { GENESIS_CHAIN_HASH, chainHash, leafHash, personalCommitment } from '@/server/audit-log/entry-hashing';
import type { TCanonicalValue } from '@/server/crypto/canonical-json';
import { seededHex, seededRandom, seededUuid } from './seeded-random';

export type TGeneratedEntry = {
  seq: bigint;
  recordedAt: Date;
  eventType: string;
  consultationId: string | null;
  payload: { [key: string]: TCanonicalValue };
  personalCommitment: string;
  leafHash: string;
  chainHash: string;
  salt: string;
  personal: { [key: string]: TCanonicalValue };
};

const EVENTS = ['consent.given', 'consent.refused', 'consent.withdrawn', 'consent.recording_withdrawn', 'call.join_allowed', 'call.join_denied', 'auth.login'];
const BASE_TIME = Date.UTC(2026, 0, 1);

/** Yields entries 1..count, each chained to the one before. */
export function* logEntries(count: number, seed: number): Generator<TGeneratedEntry> {
  const random = seededRandom(seed);
  const consultations = Array.from({ length: 10_000 }, () => seededUuid(random));
  const members = Array.from({ length: 5_000 }, () => seededUuid(random));
  const hashes = Array.from({ length: 64 }, () => seededHex(random, 32));
  let previous = GENESIS_CHAIN_HASH;
  for (let i = 1; i <= count; i++) {
    const eventType = EVENTS[Math.floor(random() * EVENTS.length)]!;
    const consultationId = eventType === 'auth.login' ? null : consultations[Math.floor(random() * consultations.length)]!;
    const payload: { [key: string]: TCanonicalValue } =
      eventType === 'auth.login'
        ? { channel: 'web', role: 'MEMBER' }
        : {
            decisionId: seededUuid(random),
            videoServiceId: consultations[0]!,
            disclosure: { versionId: consultations[1]!, hash: hashes[Math.floor(random() * hashes.length)]!, language: 'de' },
            choices: { transmission: true, thirdCountryTransfer: null, recording: random() < 0.3 },
            channel: 'web',
          };
    const personal = { actorId: members[Math.floor(random() * members.length)]!, ipPseudonym: `net:${seededHex(random, 10)}` };
    const salt = seededHex(random, 32);
    const commitment = personalCommitment(salt, personal);
    const fields = { seq: BigInt(i), recordedAt: new Date(BASE_TIME + i * 10), eventType, consultationId, payload, personalCommitment: commitment };
    const leaf = leafHash(fields);
    previous = chainHash(previous, leaf);
    yield { ...fields, leafHash: leaf, chainHash: previous, salt, personal };
  }
}

const csv = (value: string | null) => (value === null ? '' : `"${value.replace(/"/g, '""')}"`);

export function entryCsvRow(e: TGeneratedEntry): string {
  return `${e.seq},${e.seq},${csv(e.recordedAt.toISOString())},${csv(e.eventType)},${csv(e.consultationId)},${csv(JSON.stringify(e.payload))},${csv(e.personalCommitment)},${csv(e.leafHash)},${csv(e.chainHash)}\n`;
}

export function personalCsvRow(e: TGeneratedEntry): string {
  return `${e.seq},${csv(e.salt)},${csv(JSON.stringify(e.personal))}\n`;
}

export const ENTRY_COLUMNS = 'seq, queue_id, recorded_at, event_type, consultation_id, payload, personal_commitment, leaf_hash, chain_hash';
export const PERSONAL_COLUMNS = 'queue_id, salt, data';
