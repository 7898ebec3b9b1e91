import 'server-only';
import type { TDataCategoryId, TPurposeId, TReceiptEvent, TReceiptV2 } from '@/server/receipts/receipt-format';

// The receipt as JSON-LD with terms of the W3C Data Privacy Vocabulary (DPV 2), so that anyone can read
// it with a JSON-LD processor and no code of ours (docs/decisions/0060). The context is inline: reading it
// fetches nothing. It is a view of the signed receipt (same receipt id), not the evidence itself.

const CONTEXT = {
  dpv: 'https://w3id.org/dpv#',
  'eu-gdpr': 'https://w3id.org/dpv/legal/eu/gdpr#',
  pd: 'https://w3id.org/dpv/pd#',
  loc: 'https://w3id.org/dpv/loc#',
  dct: 'http://purl.org/dc/terms/',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
} as const;

const id = (iri: string) => ({ '@id': iri });
const dateTime = (value: string) => ({ '@value': value, '@type': 'xsd:dateTime' });

const LEGAL_BASIS = { 'gdpr-6-1-a': 'eu-gdpr:A6-1-a', 'gdpr-9-2-a': 'eu-gdpr:A9-2-a', 'gdpr-49-1-a': 'eu-gdpr:A49-1-a' } as const;

const STATUS_OF_EVENT: Record<TReceiptEvent, string> = {
  'consent.given': 'dpv:ConsentGiven',
  'consent.refused': 'dpv:ConsentRefused',
  'consent.withdrawn': 'dpv:ConsentWithdrawn',
  'consent.recording_withdrawn': 'dpv:ConsentWithdrawn',
};

const STATUS_OF_PURPOSE = {
  given: 'dpv:ConsentGiven',
  refused: 'dpv:ConsentRefused',
  withdrawn: 'dpv:ConsentWithdrawn',
  // Asked and left unticked: DPV counts that as refused (its scope note for ConsentRefused).
  'not-given': 'dpv:ConsentRefused',
} as const;

/**
 * The categories as DPV-PD names them (pd:Health is a special category in DPV itself). DPV-PD has no
 * term for social data in the sense of § 67 SGB X, so that one is described in words.
 */
function personalData(receipt: TReceiptV2) {
  const terms: Record<TDataCategoryId, string[]> = {
    'image-and-voice': ['pd:Picture', 'pd:Communication'],
    'social-data': [],
    health: ['pd:Health'],
  };
  return receipt.dataCategories.flatMap((c): object[] =>
    terms[c.id].length
      ? terms[c.id].map(id)
      : [
          {
            '@type': c.specialCategory ? 'dpv:SpecialCategoryPersonalData' : 'dpv:PersonalData',
            'dct:title': { '@value': c.label, '@language': receipt.language },
          },
        ],
  );
}

const processIri = (receipt: TReceiptV2, purpose: TPurposeId) => `${receipt.receiptId}#${purpose}`;

export function dpvReceipt(receipt: TReceiptV2) {
  const recipient = receipt.recipients[0]!;
  const countries = recipient.countries.map((c) => id(`loc:${c}`));
  const data = personalData(receipt);
  const lang = (value: string) => ({ '@value': value, '@language': receipt.language });
  return {
    '@context': CONTEXT,
    '@id': receipt.receiptId,
    '@type': ['dpv:ConsentRecord', 'dpv:ConsentReceipt'],
    'dct:identifier': receipt.receiptId,
    'dct:conformsTo': 'ISO/IEC TS 27560:2023',
    'dct:created': dateTime(receipt.consentTimestamp),
    'dct:language': receipt.language,
    'dpv:hasConsentStatus': id(STATUS_OF_EVENT[receipt.event]),
    'dct:description': lang(receipt.collectionMethod),
    'dpv:hasJurisdiction': id(`loc:${receipt.jurisdiction}`),
    'dpv:hasDataSubject': {
      '@id': `urn:consent-gateway:principal:${receipt.piiPrincipalId}`,
      '@type': 'dpv:DataSubject',
      'dpv:hasIdentifier': receipt.piiPrincipalId,
    },
    'dpv:hasDataController': {
      '@type': 'dpv:DataController',
      'dpv:hasName': receipt.piiController.name,
      'dpv:hasIdentifier': `${receipt.piiController.identifier.scheme} ${receipt.piiController.identifier.value}`,
      'dpv:hasAddress': receipt.piiController.address,
      'dpv:hasContact': [`mailto:${receipt.piiController.email}`, `tel:${receipt.piiController.phone.replace(/[^+\d]/g, '')}`],
      'dpv:hasDataProtectionOfficer': {
        '@type': 'dpv:DataProtectionOfficer',
        'dpv:hasContact': `mailto:${receipt.piiController.dpoEmail}`,
      },
    },
    'dpv:hasNotice': [
      { '@id': receipt.privacyNoticeUrl, '@type': 'dpv:PrivacyNotice' },
      {
        '@id': `urn:uuid:${receipt.notice.disclosureVersionId}`,
        '@type': 'dpv:ConsentNotice',
        'dct:hasVersion': String(receipt.notice.version),
        'dct:language': receipt.notice.language,
        'dpv:hasIdentifier': `sha256:${receipt.notice.sha256}`,
      },
    ],
    'dpv:hasProcess': receipt.purposes.map((p) => {
      const bases = receipt.lawfulBases.find((b) => b.purpose === p.id)?.bases ?? [];
      return {
        '@id': processIri(receipt, p.id),
        '@type': 'dpv:Process',
        'dpv:hasPurpose': { '@type': 'dpv:Purpose', 'dpv:hasIdentifier': p.id, 'dct:description': lang(p.statement) },
        'dpv:hasConsentStatus': id(STATUS_OF_PURPOSE[p.state]),
        'dpv:hasLegalBasis': bases.flatMap((b) => (b.id === 'sgb-x' ? [] : [id(LEGAL_BASIS[b.id])])),
        // The SGB X provision is a law, not one of DPV's legal-basis concepts.
        'dpv:hasApplicableLaw': bases
          .filter((b) => b.id === 'sgb-x')
          .map((b) => ({ '@type': 'dpv:Law', 'dct:title': { '@value': b.citation, '@language': 'de' } })),
        'dpv:hasPersonalData': data,
        'dpv:hasRecipient': {
          '@type': 'dpv:Recipient',
          'dpv:hasName': `${recipient.name} (${recipient.operator})`,
          ...(recipient.processingRegion === 'THIRD_COUNTRY' ? { 'dpv:hasThirdCountry': countries } : {}),
        },
        'dpv:hasConsentControl': id('dpv:WithdrawConsent'),
      };
    }),
    'dpv:hasStorageCondition': [
      { '@type': 'dpv:StorageLocation', 'dpv:hasLocation': receipt.storage.countries.map((c) => id(`loc:${c}`)) },
      { '@type': 'dpv:StorageDuration', 'dct:description': lang(receipt.retention.text) },
    ],
    // DPV has no event class: each state of the consent is a node with its status and time, in order.
    'dct:hasPart': receipt.history.map((h, i, all) => ({
      '@id': `${receipt.receiptId}#entry-${h.leafIndex + 1}`,
      'dpv:hasConsentStatus': id(STATUS_OF_EVENT[h.event]),
      'dpv:isIndicatedAtTime': dateTime(h.recordedAt),
      ...(h.event === 'consent.recording_withdrawn' ? { 'dpv:hasProcess': id(processIri(receipt, 'recording')) } : {}),
      ...(i + 1 < all.length ? { 'dpv:isBefore': id(`${receipt.receiptId}#entry-${all[i + 1]!.leafIndex + 1}`) } : {}),
    })),
  };
}
