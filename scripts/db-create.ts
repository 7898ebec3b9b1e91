// npm run db:create [-- --fresh]   create the PostgreSQL database named in DATABASE_URL (drop it first with --fresh)
import './load-env';
import { runCommand } from './run-command';
import { databaseTarget } from '@/server/db/database-target';
import { onMaintenanceDatabase } from '@/server/db/maintenance-database';

async function main() {
  const target = databaseTarget();
  if (target.kind !== 'postgres') {
    console.log('No DATABASE_URL: the embedded database is created on first use.');
    return;
  }
  await onMaintenanceDatabase(target.url, async (admin, name) => {
    if (process.argv.includes('--fresh')) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) console.log(`Database ${name} exists.`);
    else {
      await admin.query(`CREATE DATABASE "${name}"`);
      console.log(`Created database ${name}.`);
    }
  });
}

runCommand(main);
