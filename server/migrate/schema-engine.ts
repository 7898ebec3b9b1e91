import 'server-only';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

type TBindings = typeof import('@prisma/schema-engine-wasm') & { __wbg_set_wasm(exports: unknown): void };

let bindings: Promise<TBindings> | undefined;

/**
 * Loads Prisma's WASM schema engine by hand: its entry module imports the .wasm file as an ES module,
 * which Node 20 cannot do without a flag.
 */
function loadBindings(): Promise<TBindings> {
  bindings ??= (async () => {
    const require = createRequire(import.meta.url);
    const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
    const glue = (await import(pathToFileURL(path.join(dir, 'schema_engine_bg.js')).href)) as TBindings;
    const bytes = await readFile(path.join(dir, 'schema_engine_bg.wasm'));
    const wasm = await WebAssembly.compile(new Uint8Array(bytes));
    const instance = await WebAssembly.instantiate(wasm, { './schema_engine_bg.js': glue as unknown as WebAssembly.ModuleImports });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return glue;
  })();
  return bindings;
}

export async function startSchemaEngine(
  schemaPath: string,
  schema: string,
  factory: SqlMigrationAwareDriverAdapterFactory,
): Promise<SchemaEngine> {
  const { SchemaEngine } = await loadBindings();
  const log = (message: string) => {
    if (process.env.DEBUG_SCHEMA_ENGINE) process.stderr.write(`${message}\n`);
  };
  return SchemaEngine.new({ datamodels: [[schemaPath, schema]] }, log, bindMigrationAwareSqlAdapterFactory(factory));
}
