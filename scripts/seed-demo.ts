// npm run db:seed — demo accounts, video services, disclosures, the last 30 days (on a new embedded
// database) and today's consultations.
import './load-env';
import { runCommand } from './run-command';
import { seedDemoData } from '@/prisma/seed/demo-data';
import { openProcessDatabase } from '@/server/db/client';

async function main() {
  // The process's database: the functions that play the history open no second one on the same directory.
  const database = await openProcessDatabase();
  try {
    // Only the embedded database takes its clock from this process, so only there can the seed clock date the history.
    const seeded = await seedDemoData(database.prisma, new Date(), { history: database.pglite !== null });
    console.log(
      `Demo data ready: ${seeded.createdAccounts} account(s) and ${seeded.createdConsultations} consultation(s) created` +
        (seeded.historyConsultations ? `, and the last 30 days with ${seeded.historyConsultations} past consultations.` : '.'),
    );
  } finally {
    await database.close();
  }
}

runCommand(main);
