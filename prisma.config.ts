import { defineConfig } from 'prisma/config';

// Used by `prisma generate` only. Migrations run through scripts/migrate.ts on Prisma's WASM schema
// engine (docs/decisions/0003-migrations-on-the-wasm-schema-engine.md).
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
