// Copies a child's output line by line to ours, each line marked with the child's name, so the
// interleaved output of several instances stays readable.
import type { Readable, Writable } from 'node:stream';

export function pipePrefixed(from: Readable, to: Writable, prefix: string): void {
  let pending = '';
  from.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) to.write(`${prefix} ${line}\n`);
  });
  from.on('end', () => {
    if (pending) to.write(`${prefix} ${pending}\n`);
    pending = '';
  });
}
