// The benchmark data set: a consent log of N entries, reproducible from a seed, hashed exactly as the
// gateway hashes (server/audit-log/entry-hashing.ts), written with COPY for speed.
import {
  GENESIS_CHAIN_HASH,
  chainHash,
  entryCanonicalText,
  leafHashOfText,
  personalCommitmentOfBytes,
} from '@/server/audit-log/entry-hashing';
import { type TCanonicalValue, canonicalJson } from '@/server/crypto/canonical-json';
import { seededHex, seededRandom, seededUuid } from '@/shared/seeded-random';

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
  /** The bytes the leaf hash covers, and those of the personal fields, as text (stored as bytes). */
  canonical: string;
  personalCanonical: string;
  /** What the database derives on integration (consent_log_facet): who and what the entry concerns. */
  facet: { advisorId: string | null; memberId: string; videoServiceId: string | null };
};

/** 50 advisors and 3 video services, each consultation with one of each; ids need no randomness. */
export const BENCH_ADVISORS = Array.from({ length: 50 }, (_, i) => `00000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`);
export const BENCH_SERVICES = Array.from({ length: 3 }, (_, i) => `00000000-0000-4000-9000-${String(i + 1).padStart(12, '0')}`);
export const BENCH_BASE_TIME = Date.UTC(2026, 0, 1);
/** Entries are 30 s apart: 1,000,000 entries span 347 days from BENCH_BASE_TIME (2,880 a day), so a day or a week is a selective time range. */
export const BENCH_ENTRY_SPACING_MS = 30_000;

const EVENTS = [
  'consent.given',
  'consent.refused',
  'consent.withdrawn',
  'consent.recording_withdrawn',
  'call.join_allowed',
  'call.join_denied',
  'auth.login',
];

/** Yields entries 1..count, each chained to the one before. */
export function* logEntries(count: number, seed: number): Generator<TGeneratedEntry> {
  const random = seededRandom(seed);
  const consultations = Array.from({ length: 10_000 }, () => seededUuid(random));
  const members = Array.from({ length: 5_000 }, () => seededUuid(random));
  const hashes = Array.from({ length: 64 }, () => seededHex(random, 32));
  let previous = GENESIS_CHAIN_HASH;
  for (let i = 1; i <= count; i++) {
    const eventType = EVENTS[Math.floor(random() * EVENTS.length)]!;
    const consultationIndex = eventType === 'auth.login' ? -1 : Math.floor(random() * consultations.length);
    const consultationId = consultationIndex < 0 ? null : consultations[consultationIndex]!;
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
    const personalCanonical = canonicalJson(personal);
    const commitment = personalCommitmentOfBytes(salt, personalCanonical);
    const fields = {
      seq: BigInt(i),
      recordedAt: new Date(BENCH_BASE_TIME + i * BENCH_ENTRY_SPACING_MS),
      eventType,
      consultationId,
      payload,
      personalCommitment: commitment,
    };
    const canonical = entryCanonicalText(fields);
    const leaf = leafHashOfText(canonical);
    previous = chainHash(previous, leaf);
    const facet =
      consultationIndex < 0
        ? { advisorId: null, memberId: personal.actorId, videoServiceId: null }
        : {
            advisorId: BENCH_ADVISORS[consultationIndex % BENCH_ADVISORS.length]!,
            memberId: members[consultationIndex % members.length]!,
            videoServiceId: BENCH_SERVICES[consultationIndex % BENCH_SERVICES.length]!,
          };
    yield { ...fields, leafHash: leaf, chainHash: previous, salt, personal, canonical, personalCanonical, facet };
  }
}

const csv = (value: string | null) => (value === null ? '' : `"${value.replace(/"/g, '""')}"`);
/** bytea's hex input form for the UTF-8 bytes of a text. */
const bytea = (text: string) => `\\x${Buffer.from(text, 'utf8').toString('hex')}`;

export function entryCsvRow(e: TGeneratedEntry): string {
  return `${e.seq},${e.seq},${csv(e.leafHash)},${csv(e.chainHash)},${bytea(e.canonical)}\n`;
}

export function personalCsvRow(e: TGeneratedEntry): string {
  return `${e.seq},${csv(e.salt)},${bytea(e.personalCanonical)}\n`;
}

export function facetCsvRow(e: TGeneratedEntry): string {
  return `${e.seq},${csv(e.facet.advisorId)},${csv(e.facet.memberId)},${csv(e.facet.videoServiceId)}\n`;
}

export const FACET_COLUMNS = 'seq, advisor_id, member_id, video_service_id';
/** The stored columns: the database generates the fields from the bytes (docs/decisions/0075). */
export const ENTRY_COLUMNS = 'seq, queue_id, leaf_hash, chain_hash, canonical';
export const PERSONAL_COLUMNS = 'queue_id, salt, canonical';
