import { logEntries } from './lib/log-data-set';
import { leafHash, chainHash, personalCommitment, entryCanonicalBytes } from '@/server/audit-log/entry-hashing';
import { createHash } from 'node:crypto';
const N = 100000;
const entries = [...logEntries(N, 42)];
let t = performance.now();
for (const e of entries) entryCanonicalBytes(e);
console.log('canonical', (performance.now() - t).toFixed(0), 'ms');
const bytes = entries.map(entryCanonicalBytes);
t = performance.now();
for (const b of bytes) createHash('sha256').update(b).digest('hex');
console.log('sha only', (performance.now() - t).toFixed(0), 'ms');
t = performance.now();
for (const e of entries) { const l = leafHash(e); chainHash(e.chainHash, l); personalCommitment(e.salt, e.personal); }
console.log('full per-entry', (performance.now() - t).toFixed(0), 'ms');
