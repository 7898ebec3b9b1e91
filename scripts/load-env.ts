// Command-line entry points read .env.local like `next start` does; variables already set win.
import { existsSync } from 'node:fs';

if (existsSync('.env.local')) process.loadEnvFile('.env.local');
