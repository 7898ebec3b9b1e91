import 'server-only';
import type { z } from 'zod';
import {
  RECEIPT_EVENTS,
  MAX_HISTORY,
  type TReceipt,
  type TReceiptEvent,
  type TReceiptHistoryItem,
  WITHDRAWAL_EVENTS,
  type ZHashedEntry,
  ZDecisionPayload,
  ZWithdrawalPayload,
} from '@/server/receipts/receipt-format';

type THashedEntry = z.infer<typeof ZHashedEntry>;

/** The claims of a receipt that the log entries alone determine: the builder writes them, the verifier recomputes them. */
export type TLogClaims = Pick<TReceipt, 'event' | 'consentTimestamp' | 'decisionId' | 'language' | 'purposes' | 'recipients'> & {
  notice: Omit<TReceipt['notice'], 'version'>;
};

export type TLogClaimsResult =
  { ok: true; claims: TLogClaims } | { ok: false; problem: 'not-a-receipt-event' | 'decision-missing' | 'decision-mismatch' | 'payload' };

type TState = TReceipt['purposes'][number]['state'];

/**
 * Each purpose with the exact sentence the member ticked (in the decision's language, from the log) and
 * its state after this event. A purpose the page did not ask about (no transfer abroad, a service that
 * cannot record) is not listed.
 */
function purposes(
  event: TReceiptEvent,
  decision: z.infer<typeof ZDecisionPayload>,
  scope: 'all' | 'recording' | null,
): TReceipt['purposes'] {
  const { choices, terms } = decision;
  const stateOf = (chosen: boolean, isRecording: boolean): TState => {
    if (event === 'consent.refused') return 'refused';
    if (!chosen) return 'not-given';
    if (scope === 'all' || (scope === 'recording' && isRecording)) return 'withdrawn';
    return 'given';
  };
  const list: TReceipt['purposes'] = [
    { id: 'video-transmission', statement: terms.statements.transmission, state: stateOf(choices.transmission, false) },
  ];
  if (terms.statements.thirdCountryTransfer !== null) {
    list.push({
      id: 'third-country-transfer',
      statement: terms.statements.thirdCountryTransfer,
      state: stateOf(choices.thirdCountryTransfer === true, false),
    });
  }
  if (terms.statements.recording !== null)
    list.push({ id: 'recording', statement: terms.statements.recording, state: stateOf(choices.recording, true) });
  return list;
}

/**
 * Reads the claims from the event's entry and, for a withdrawal, the decision entry it withdraws
 * (the withdrawal's payload names only the decision, so the choices and the text come from there).
 */
export function claimsFromLog(event: THashedEntry, decision: THashedEntry | undefined): TLogClaimsResult {
  const eventType = event.eventType as TReceiptEvent;
  if (!RECEIPT_EVENTS.includes(eventType)) return { ok: false, problem: 'not-a-receipt-event' };
  const withdrawal = WITHDRAWAL_EVENTS.includes(eventType);
  let scope: 'all' | 'recording' | null = null;
  let decisionEntry = event;
  if (withdrawal) {
    if (!decision) return { ok: false, problem: 'decision-missing' };
    const parsed = ZWithdrawalPayload.safeParse(event.payload);
    if (!parsed.success) return { ok: false, problem: 'payload' };
    const decided = ZDecisionPayload.safeParse(decision.payload);
    // Only a given consent can be withdrawn, and only on its own consultation.
    if (
      !decided.success ||
      decision.eventType !== 'consent.given' ||
      decided.data.decisionId !== parsed.data.decisionId ||
      decision.consultationId !== event.consultationId
    ) {
      return { ok: false, problem: 'decision-mismatch' };
    }
    scope = parsed.data.scope;
    decisionEntry = decision;
  } else if (decision) return { ok: false, problem: 'decision-mismatch' };
  const parsed = ZDecisionPayload.safeParse(decisionEntry.payload);
  if (!parsed.success) return { ok: false, problem: 'payload' };
  const { disclosure, terms } = parsed.data;
  return {
    ok: true,
    claims: {
      event: eventType,
      consentTimestamp: event.recordedAt,
      decisionId: parsed.data.decisionId,
      language: disclosure.language,
      notice: { disclosureVersionId: disclosure.versionId, language: disclosure.language, sha256: disclosure.hash },
      purposes: purposes(eventType, parsed.data, scope),
      recipients: [
        {
          name: terms.facts.name,
          operator: terms.facts.operator,
          processingRegion: terms.facts.processingRegion,
          countries: [...terms.facts.thirdCountries].sort(),
          endToEndEncrypted: terms.facts.endToEndEncrypted,
        },
      ],
    },
  };
}

/** The decision an entry of a receipt event is about: its own id for a decision, the withdrawn one's for a withdrawal. */
function decisionIdOf(entry: THashedEntry): string | null {
  const schema = WITHDRAWAL_EVENTS.includes(entry.eventType as TReceiptEvent) ? ZWithdrawalPayload : ZDecisionPayload;
  const parsed = schema.safeParse(entry.payload);
  return parsed.success ? parsed.data.decisionId : null;
}

/**
 * The consent's history as the receipt's entries show it: every entry a decision or withdrawal in the
 * event's consultation, none after the event, each once, in log order. Null when the entries do not
 * make one history (the builder never issues that; the verifier names it).
 */
export function historyFromLog(event: THashedEntry, entries: THashedEntry[]): TReceiptHistoryItem[] | null {
  const all = [...entries, event];
  const seqs = new Set(all.map((e) => e.seq));
  if (seqs.size !== all.length || all.length > MAX_HISTORY) return null;
  const items: TReceiptHistoryItem[] = [];
  for (const entry of all) {
    const decisionId = decisionIdOf(entry);
    if (
      !RECEIPT_EVENTS.includes(entry.eventType as TReceiptEvent) ||
      entry.consultationId !== event.consultationId ||
      BigInt(entry.seq) > BigInt(event.seq) ||
      decisionId === null
    )
      return null;
    const leafIndex = Number(BigInt(entry.seq) - 1n);
    items.push({ event: entry.eventType as TReceiptEvent, recordedAt: entry.recordedAt, decisionId, leafIndex });
  }
  return items.sort((a, b) => a.leafIndex - b.leafIndex);
}
