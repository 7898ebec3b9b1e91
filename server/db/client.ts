import 'server-only';
import type { PGlite } from '@electric-sql/pglite';
import { type TDatabaseTarget, databaseTarget } from '@/server/db/database-target';
import type { TDirectSql } from '@/server/db/direct-sql';
import { openDriverAdapter } from '@/server/db/driver-adapter';
import { PrismaClient } from '@/server/db/generated/client';

export type TDb = PrismaClient;
export type TOpenDatabase = { prisma: TDb; direct: TDirectSql; pglite: PGlite | null; target: TDatabaseTarget; close(): Promise<void> };

export async function openDatabase(target: TDatabaseTarget): Promise<TOpenDatabase> {
  const { factory, pglite, direct, close } = await openDriverAdapter(target);
  const prisma = new PrismaClient({ adapter: factory });
  return {
    prisma,
    direct,
    pglite,
    target,
    async close() {
      await prisma.$disconnect();
      await close();
    },
  };
}

// One database per process, kept on globalThis so that Next's module reloads and separate bundles
// share it: a second PGlite instance on the same directory would corrupt it.
const holder = globalThis as typeof globalThis & { __consentGatewayDb?: Promise<TOpenDatabase> };

export function openProcessDatabase(): Promise<TOpenDatabase> {
  holder.__consentGatewayDb ??= openDatabase(databaseTarget()).catch((error: unknown) => {
    holder.__consentGatewayDb = undefined;
    throw error;
  });
  return holder.__consentGatewayDb;
}

/** The process's Prisma client. */
export async function db(): Promise<TDb> {
  return (await openProcessDatabase()).prisma;
}

/** The process's direct statements on the bare driver, for the hot path (server/db/direct-sql.ts). */
export async function directDb(): Promise<TDirectSql> {
  return (await openProcessDatabase()).direct;
}

export type TTx = Parameters<Parameters<TDb['$transaction']>[0]>[0];
