import { memberReceiptFile } from '../member-receipt-response';

/** The signed, machine-readable receipt as a file: the evidence itself. */
export function GET(_request: Request, { params }: { params: Promise<{ queueId: string }> }) {
  return memberReceiptFile(params, {
    file: '.json',
    contentType: 'application/json; charset=utf-8',
    body: (file) => `${JSON.stringify(file, null, 2)}\n`,
  });
}
