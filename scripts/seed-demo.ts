// npm run db:seed — demo accounts, video services, disclosures and today's consultations.
import './load-env';
import { runCommand } from './run-command';
import { seedDemoData } from '@/prisma/seed/demo-data';
import { openDatabase } from '@/server/db/client';
import { databaseTarget } from '@/server/db/database-target';

async function main() {
  const database = await openDatabase(databaseTarget());
  try {
    const { createdAccounts, createdConsultations } = await seedDemoData(database.prisma);
    console.log(`Demo data ready: ${createdAccounts} account(s) and ${createdConsultations} consultation(s) created.`);
  } finally {
    await database.close();
  }
}

runCommand(main);
