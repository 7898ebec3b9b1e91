// `prisma generate` needs no schema engine, but the Prisma 7 CLI tries to download the native one
// (which this network cannot reach) unless PRISMA_SCHEMA_ENGINE_BINARY names a file. Point it at a
// placeholder; migrations use the WASM engine instead (docs/decisions/0003).
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const placeholder = path.resolve('node_modules/.cache/prisma-schema-engine-placeholder');
if (!existsSync(placeholder)) {
  mkdirSync(path.dirname(placeholder), { recursive: true });
  writeFileSync(placeholder, '#!/bin/sh\necho "native schema engine not installed; use npm run db:migrate" >&2\nexit 1\n', {
    mode: 0o755,
  });
}
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder };
const result = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
