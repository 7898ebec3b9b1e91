// Finds what the matrix must cover by reading app/ at test time: every page, every route handler's
// exported methods, and every exported function of a 'use server' module (docs/decisions/0033).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

// Playwright runs from the directory of playwright.config.ts, the project's root.
export const APP_DIR = path.resolve(process.cwd(), 'app');

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type THttpMethod = (typeof HTTP_METHODS)[number];

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

/** `app/(member)/member/consultations/[id]/page.tsx` → `/member/consultations/[id]` (route groups dropped). */
export function routePattern(file: string): string {
  const segments = path
    .relative(APP_DIR, path.dirname(file))
    .split(path.sep)
    .filter((s) => s && !(s.startsWith('(') && s.endsWith(')')));
  return `/${segments.join('/')}`;
}

export type TDiscovered = { pages: string[]; handlers: string[]; actions: string[] };

/** Route handlers as `METHOD /pattern`, pages as `/pattern`, actions as `app-relative-file#exportName`. */
export function discoverRoutes(): TDiscovered {
  const files = walk(APP_DIR);
  const pages = files
    .filter((f) => /\/page\.(tsx|ts|jsx|js)$/.test(f))
    .map(routePattern)
    .sort();
  const handlers = files
    .filter((f) => /\/route\.(ts|js)$/.test(f))
    .flatMap((f) => exportedMethods(readFileSync(f, 'utf8')).map((m) => `${m} ${routePattern(f)}`))
    .sort();
  const actions = files
    .filter((f) => /\.(ts|tsx)$/.test(f) && isUseServerModule(readFileSync(f, 'utf8')))
    .flatMap((f) => exportedFunctions(readFileSync(f, 'utf8')).map((name) => `app/${path.relative(APP_DIR, f)}#${name}`))
    .sort();
  return { pages, handlers, actions };
}

/** The HTTP methods a route handler exports (`export function GET`, `export const { GET, POST } = …`). */
export function exportedMethods(source: string): THttpMethod[] {
  const found = new Set<THttpMethod>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?function\s+([A-Z]+)\b/g)) found.add(m[1] as THttpMethod);
  for (const m of source.matchAll(/export\s+const\s+([A-Z]+)\s*=/g)) found.add(m[1] as THttpMethod);
  for (const m of source.matchAll(/export\s+const\s*\{([^}]*)\}\s*=/g))
    for (const name of (m[1] ?? '').split(','))
      found.add(
        name
          .trim()
          .split(/\s*:\s*/)
          .pop() as THttpMethod,
      );
  for (const m of source.matchAll(/export\s*\{([^}]*)\}/g))
    for (const name of (m[1] ?? '').split(','))
      found.add(
        name
          .trim()
          .split(/\s+as\s+/)
          .pop() as THttpMethod,
      );
  return [...found].filter((m) => (HTTP_METHODS as readonly string[]).includes(m)).sort();
}

/** A module whose first statement is the 'use server' directive (after comments). */
export function isUseServerModule(source: string): boolean {
  const withoutComments = source.replace(/^\s*(\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)*/g, '').trimStart();
  return /^['"]use server['"]/.test(withoutComments);
}

export function exportedFunctions(source: string): string[] {
  const names = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?function\s+([A-Za-z0-9_$]+)/g)) names.add(m[1] ?? '');
  for (const m of source.matchAll(/export\s+const\s+([A-Za-z0-9_$]+)\s*=/g)) names.add(m[1] ?? '');
  return [...names].sort();
}

/** `/member/consultations/[id]` with `{ id: 'x' }` → `/member/consultations/x`; `[...rest]` takes a slash path. */
export function fillPattern(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for [${name}] in ${pattern}`);
    return value;
  });
}
