// npm run db:create [-- --fresh]   create the PostgreSQL database named in DATABASE_URL (drop it first with --fresh)
import './load-env';
import { runCommand } from './run-command';
import pg from 'pg';
import { databaseTarget } from '@/server/db/database-target';

async function main() {
  const target = databaseTarget();
  if (target.kind !== 'postgres') {
    console.log('No DATABASE_URL: the embedded database is created on first use.');
    return;
  }
  const url = new URL(target.url);
  const name = decodeURIComponent(url.pathname.slice(1));
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`Refusing unusual database name "${name}"`);
  url.pathname = '/postgres';
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    if (process.argv.includes('--fresh')) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount) console.log(`Database ${name} exists.`);
    else {
      await admin.query(`CREATE DATABASE "${name}"`);
      console.log(`Created database ${name}.`);
    }
  } finally {
    await admin.end();
  }
}

runCommand(main);
