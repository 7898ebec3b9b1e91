import { hasKantaraView, kantaraJwt } from '@/server/receipts/kantara-view';
import { logSigner } from '@/server/transparency/checkpoints';
import { memberReceiptFile } from '../member-receipt-response';

/** A consent given as a Kantara Consent Receipt v1.1 (a signed JWT), for tools that read that format. */
export function GET(_request: Request, { params }: { params: Promise<{ queueId: string }> }) {
  return memberReceiptFile(params, {
    file: '.kantara.jwt',
    contentType: 'application/jwt',
    // A receipt exists only while the log can sign, so the key is there.
    body: async (file) => (hasKantaraView(file.receipt) ? `${await kantaraJwt(file.receipt, logSigner()!)}\n` : null),
  });
}
