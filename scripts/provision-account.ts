// npm run account:create -- --kind MEMBER --login A123456780 --name "Erika Mustermann" [--language de]
// Staff: prints the initial password, to be changed at the first sign-in. Members and employers: queues a
// password letter for the print system; nobody sees their code (docs/decisions/0042).
import './load-env';
import { parseArgs } from 'node:util';
import { ZProvisionInput, provisionAccount } from '@/server/auth/provision-account';
import { openDatabase } from '@/server/db/client';
import { databaseTarget } from '@/server/db/database-target';
import { runCommand } from './run-command';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { kind: { type: 'string' }, login: { type: 'string' }, name: { type: 'string' }, language: { type: 'string' } },
  });
  const parsed = ZProvisionInput.safeParse({ kind: values.kind, login: values.login, name: values.name });
  const language = values.language ?? 'de';
  if (!parsed.success || (language !== 'de' && language !== 'en')) {
    for (const issue of parsed.success ? [] : parsed.error.issues) console.error(`--${issue.path.join('.')}: ${issue.message}`);
    if (language !== 'de' && language !== 'en') console.error('--language: de or en');
    console.error(
      'Usage: npm run account:create -- --kind MEMBER|EMPLOYER|ADVISOR|COMPLIANCE|ADMIN --login ID --name "Display name" [--language de|en]',
    );
    return 2;
  }
  const database = await openDatabase(databaseTarget());
  try {
    const result = await provisionAccount(database.prisma, parsed.data, { language });
    if (!result.ok) {
      console.error(`An account with the login ${parsed.data.login} exists already.`);
      return 2;
    }
    if ('letterId' in result) {
      console.log(
        `Created ${parsed.data.kind} ${parsed.data.login}. A letter with the sign-in code is queued for the print system (letter ${result.letterId}); nobody sees the code.`,
      );
    } else {
      console.log(
        `Created ${parsed.data.kind} ${parsed.data.login}. Initial password (hand it over in person or sealed): ${result.initialPassword}`,
      );
    }
    return 0;
  } finally {
    await database.close();
  }
}

runCommand(main);
