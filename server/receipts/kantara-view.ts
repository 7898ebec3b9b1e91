import 'server-only';
import { SignJWT } from 'jose';
import type { TReceiptV2 } from '@/server/receipts/receipt-format';
import { type TJwsSigner, jwsKeyId } from '@/server/crypto/detached-jws';

// The receipt in the form of the Kantara Initiative Consent Receipt Specification v1.1 (KI-CR-v1.1.0),
// for tools that read that older format (docs/decisions/0060). It is a view of the signed receipt, not
// the evidence: no log proof fits in its fields, so the file names the receipt it comes from.

export const KANTARA_VERSION = 'KI-CR-v1.1.0';

/** Kantara's PII categories (the specification's appendix) for ours. */
const PII_CATEGORY = { 'image-and-voice': 'Communications/Social', 'social-data': 'Social Benefits', health: 'Health' } as const;

/**
 * A Kantara receipt records consent given, purpose by purpose; it has no way to say "refused" or
 * "withdrawn". So only the receipt of a consent given has this view, listing the purposes agreed to.
 */
export function hasKantaraView(receipt: TReceiptV2): boolean {
  return receipt.event === 'consent.given';
}

export function kantaraReceipt(receipt: TReceiptV2) {
  if (!hasKantaraView(receipt)) throw new Error('a Kantara receipt records consent given only');
  const recipient = receipt.recipients[0]!;
  return {
    version: KANTARA_VERSION,
    jurisdiction: receipt.jurisdiction,
    // NumericDate: seconds since the epoch.
    consentTimestamp: Math.floor(Date.parse(receipt.consentTimestamp) / 1000),
    collectionMethod: receipt.collectionMethod,
    consentReceiptID: receipt.receiptId,
    language: receipt.language,
    piiPrincipalId: receipt.piiPrincipalId,
    piiControllers: [
      {
        piiController: receipt.piiController.name,
        onBehalf: false,
        contact: receipt.piiController.dpoEmail,
        address: { streetAddress: receipt.piiController.address, addressCountry: receipt.jurisdiction },
        email: receipt.piiController.email,
        phone: receipt.piiController.phone,
      },
    ],
    policyUrl: receipt.privacyNoticeUrl,
    services: [
      {
        service: recipient.name,
        purposes: receipt.purposes
          .filter((p) => p.state === 'given')
          .map((p) => ({
            purpose: p.statement,
            // The consultation itself is the insurer's core function; Kantara has no field for the legal basis.
            purposeCategory: ['Core Function'],
            consentType: 'EXPLICIT',
            piiCategory: receipt.dataCategories.map((c) => PII_CATEGORY[c.id]),
            primaryPurpose: p.id === 'video-transmission',
            termination: receipt.withdrawal.text,
            thirdPartyDisclosure: true,
            thirdPartyName: recipient.operator,
          })),
      },
    ],
    sensitive: receipt.dataCategories.some((c) => c.specialCategory),
    spiCat: receipt.dataCategories.filter((c) => c.specialCategory).map((c) => PII_CATEGORY[c.id]),
  };
}

/** The Kantara receipt as a JWT (the encoding the specification names), signed with the receipt's key. */
export async function kantaraJwt(receipt: TReceiptV2, key: TJwsSigner): Promise<string> {
  return new SignJWT(kantaraReceipt(receipt))
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: jwsKeyId(key.name, key.keyId) })
    .sign(key.privateKey);
}
