// npm run account:create -- --kind MEMBER --login A123456780 --name "Erika Mustermann"
// Prints the initial password for the letter; the person must set their own at the first sign-in.
import './load-env';
import { parseArgs } from 'node:util';
import { ZProvisionInput, provisionAccount } from '@/server/auth/provision-account';
import { openDatabase } from '@/server/db/client';
import { databaseTarget } from '@/server/db/database-target';
import { runCommand } from './run-command';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { kind: { type: 'string' }, login: { type: 'string' }, name: { type: 'string' } } });
  const parsed = ZProvisionInput.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`--${issue.path.join('.')}: ${issue.message}`);
    console.error('Usage: npm run account:create -- --kind MEMBER|EMPLOYER|ADVISOR|COMPLIANCE|ADMIN --login ID --name "Display name"');
    return 2;
  }
  const database = await openDatabase(databaseTarget());
  try {
    const result = await provisionAccount(database.prisma, parsed.data);
    if (!result.ok) {
      console.error(`An account with the login ${parsed.data.login} exists already.`);
      return 2;
    }
    console.log(`Created ${parsed.data.kind} ${parsed.data.login}. Initial password (for the letter): ${result.initialPassword}`);
    return 0;
  } finally {
    await database.close();
  }
}

runCommand(main);
