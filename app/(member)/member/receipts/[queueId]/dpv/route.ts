import { dpvReceipt } from '@/server/receipts/dpv-view';
import { memberReceiptFile } from '../member-receipt-response';

/** The receipt as JSON-LD with W3C DPV terms, for software that reads consent records without our code. */
export function GET(_request: Request, { params }: { params: Promise<{ queueId: string }> }) {
  return memberReceiptFile(params, {
    file: '.dpv.jsonld',
    contentType: 'application/ld+json; charset=utf-8',
    body: (file) => `${JSON.stringify(dpvReceipt(file.receipt), null, 2)}\n`,
  });
}
