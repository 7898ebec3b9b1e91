import { witnessing } from '@/server/witnessing/witness-policy';

/**
 * The trust policy that verifiers outside hold the log to (C2SP tlog-policy): the log's key, its
 * witnesses and the quorum. Save it once: receipts, the monitor and the mirror check against the saved
 * copy, so a later change here cannot make an old receipt or checkpoint look witnessed.
 */
export function GET() {
  const config = witnessing();
  return new Response(config ? config.published : 'This log has no witness policy.\n', {
    status: config ? 200 : 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=300' },
  });
}
