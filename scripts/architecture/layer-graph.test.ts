import { describe, expect, it } from 'vitest';
import { architectureMarkdown, areaOf, folderArrows, layerProblems } from './layer-graph.mjs';

const imports = (source: string, ...resolved: string[]) => ({
  source,
  dependencies: resolved.map((r) => ({ resolved: r, coreModule: false, couldNotResolve: false })),
});

describe('the layer check', () => {
  it('names areas by server folder or top-level folder', () => {
    expect([areaOf('server/env.ts'), areaOf('server/audit-log/x.ts'), areaOf('proxy.ts'), areaOf('components/a.tsx')]).toEqual([
      'server/env',
      'server/audit-log',
      'app',
      'components',
    ]);
  });

  it('counts arrows between areas, leaving out tests, packages and imports within a folder', () => {
    const arrows = folderArrows([
      imports('server/consent/a.ts', 'server/call/b.ts', 'server/call/c.ts', 'server/consent/d.ts', 'node_modules/zod/index.js'),
      imports('server/call/b.test.ts', 'server/consent/a.ts'),
    ]);
    expect([...arrows]).toEqual([['server/consent server/call', 2]]);
  });

  it('refuses a circle, an unknown name and an allowed arrow the code does not use', () => {
    const arrows = new Map([
      ['server/a server/b', 1],
      ['server/b server/a', 1],
    ]);
    const problems = layerProblems({ infrastructure: { db: [] }, domains: { a: ['b'], b: ['a', 'c'], db: [] } }, arrows);
    expect(problems).toEqual([
      'domain b lists c, which is not a domain folder',
      'the domain arrows run in a circle: a → b → a',
      'db is listed both as infrastructure and as a domain',
    ]);
    expect(layerProblems({ infrastructure: {}, domains: { a: ['b'], b: [] } }, new Map())).toEqual([
      'server/a may import server/b but does not: remove the arrow from scripts/architecture/layers.mjs',
    ]);
  });

  it('draws the declared arrows', () => {
    const drawing = architectureMarkdown({
      infrastructure: { db: ['logging'], logging: [] },
      domains: { 'audit-log': [], consent: ['audit-log'] },
    });
    expect(drawing).toContain('d_consent --> d_audit_log');
    expect(drawing).toContain('i_db --> i_logging');
    expect(drawing).toContain('| consent | audit-log |');
  });

  it('leaves out of the drawing an arrow a longer path implies, but keeps it in the table', () => {
    const drawing = architectureMarkdown({ infrastructure: {}, domains: { c: [], b: ['c'], a: ['b', 'c'] } });
    expect(drawing).toContain('d_a --> d_b');
    expect(drawing).not.toContain('d_a --> d_c');
    expect(drawing).toContain('| a | b, c |');
  });
});
