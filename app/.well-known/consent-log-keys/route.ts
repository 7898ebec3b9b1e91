import { publishedVerifierKeys } from '@/server/transparency/checkpoints';

/**
 * The keys that verify the consent log's checkpoints (C2SP signed-note verifier keys, one per line):
 * the current one first, then retired ones, so checkpoints signed before a rotation still verify.
 */
export function GET() {
  const keys = publishedVerifierKeys();
  return new Response(keys.length ? `${keys.join('\n')}\n` : '', {
    status: keys.length ? 200 : 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'public, max-age=300' },
  });
}
