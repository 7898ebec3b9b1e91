// A worker thread of the tile hasher (tile-hasher.ts): hashes what the main thread fetched while it fetches more.
import { parentPort } from 'node:worker_threads';
import { type THashRequest, answerHashRequest } from '@/log-follower/tile-hasher';

parentPort?.on('message', (request: THashRequest) => {
  const answer = answerHashRequest(request);
  parentPort?.postMessage(answer, answer.leaves ? [answer.leaves.buffer as ArrayBuffer] : []);
});
parentPort?.postMessage({ ready: true });
