// Child process: writes entries from+1..count of the seeded log data set into a target.
import { openPglite } from '@/server/db/open-pglite';
import { writeLogDataSetToPglite, writeLogDataSetToPostgres } from '../lib/write-log-data-set';

const [targetJson, count, seed, from] = process.argv.slice(2);
const target = JSON.parse(targetJson!) as { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
if (target.kind === 'postgres') await writeLogDataSetToPostgres(target.url, Number(count), Number(seed), Number(from));
else {
  const pglite = await openPglite(target.dataDir);
  await writeLogDataSetToPglite(pglite, Number(count), Number(seed), Number(from));
  await pglite.close();
}
process.exit(0);
