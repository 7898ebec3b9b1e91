// A worker thread of the tile hasher (tile-hasher.ts): decodes, hashes and (for a mirror) writes what the main
// thread fetched while it fetches more.
import { parentPort } from 'node:worker_threads';
import { type THashRequest, answerHashRequest, movable } from '@/log-follower/tile-hasher';

parentPort?.on('message', (request: THashRequest) => {
  const answer = answerHashRequest(request);
  parentPort?.postMessage(answer, movable(answer.leaves));
});
parentPort?.postMessage({ ready: true });
