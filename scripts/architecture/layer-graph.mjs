// Pure helpers of the layer check: the folder of a module, the arrows between folders a cruise found, the
// problems of the declared layers, and the generated part of docs/architecture.md.

/** The layer area a module belongs to: `server/<folder>`, or the top-level folder (`app`, `components`, …). */
export function areaOf(path) {
  const server = /^server\/([^/.]+)(\/|\.ts$)/.exec(path);
  if (server) return `server/${server[1]}`;
  if (/^(proxy|instrumentation)\.ts$/.test(path)) return 'app';
  return path.split('/')[0];
}

/** Arrows between areas (`from → to`), each with how many imports make it; test files left out. */
export function folderArrows(modules) {
  const arrows = new Map();
  for (const cruised of modules) {
    if (/\.test\.tsx?$/.test(cruised.source)) continue;
    const from = areaOf(cruised.source);
    for (const dependency of cruised.dependencies) {
      if (dependency.coreModule || dependency.couldNotResolve || dependency.resolved.includes('node_modules')) continue;
      const to = areaOf(dependency.resolved);
      if (to === from) continue;
      const key = `${from} ${to}`;
      arrows.set(key, (arrows.get(key) ?? 0) + 1);
    }
  }
  return arrows;
}

/** A name that is used but not declared, a circle, or an allowed arrow no import uses: each is a problem. */
export function layerProblems({ infrastructure, domains }, arrows) {
  const problems = [];
  for (const [kind, layer] of [
    ['infrastructure', infrastructure],
    ['domain', domains],
  ]) {
    for (const [name, uses] of Object.entries(layer)) {
      for (const used of uses) {
        if (!(used in layer)) problems.push(`${kind} ${name} lists ${used}, which is not a ${kind} folder`);
        else if (!arrows.has(`server/${name} server/${used}`))
          problems.push(`server/${name} may import server/${used} but does not: remove the arrow from scripts/architecture/layers.mjs`);
      }
    }
    const circle = findCircle(layer);
    if (circle) problems.push(`the ${kind} arrows run in a circle: ${circle.join(' → ')}`);
  }
  for (const name of Object.keys(infrastructure))
    if (name in domains) problems.push(`${name} is listed both as infrastructure and as a domain`);
  return problems;
}

function findCircle(layer) {
  const state = new Map();
  const path = [];
  const visit = (name) => {
    if (state.get(name) === 'done') return null;
    if (state.get(name) === 'open') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'open');
    path.push(name);
    for (const used of layer[name] ?? []) {
      const circle = visit(used);
      if (circle) return circle;
    }
    path.pop();
    state.set(name, 'done');
    return null;
  };
  for (const name of Object.keys(layer)) {
    const circle = visit(name);
    if (circle) return circle;
  }
  return null;
}

const nodeId = (name) => name.replace(/[^a-z]/g, '_');

/** The arrows of `name` that no longer path already implies (a → c when a → b → c): the drawing stays legible. */
function withoutImplied(layer, name, uses) {
  const reaches = (from, target, seen = new Set()) =>
    (layer[from] ?? []).some((next) => next === target || (!seen.has(next) && (seen.add(next), reaches(next, target, seen))));
  return uses.filter((used) => !uses.some((other) => other !== used && reaches(other, used)));
}

/**
 * The drawing (Mermaid) and the tables of docs/architecture.md. They show the declared arrows, which the check
 * has found equal to the arrows the code has (none missing, none unused).
 */
export function architectureMarkdown({ infrastructure, domains }) {
  const lines = ['```mermaid', 'flowchart TB'];
  lines.push('  routes["app/ · proxy.ts · instrumentation.ts<br/>(routes, route handlers, Server Actions)"]');
  lines.push('  commands["scripts/ · bench/ · prisma/seed<br/>(command-line entry points)"]');
  lines.push('  components["components/<br/>(UI; server types only)"]');
  lines.push('  subgraph domains["server/‹domain›: an arrow implied by a longer path is left out (the table lists every one)"]');
  for (const name of Object.keys(domains)) lines.push(`    d_${nodeId(name)}["${name}"]`);
  for (const [name, uses] of Object.entries(domains))
    for (const used of withoutImplied(domains, name, uses)) lines.push(`    d_${nodeId(name)} --> d_${nodeId(used)}`);
  lines.push('  end');
  lines.push('  subgraph infrastructure["shared server infrastructure"]');
  for (const name of Object.keys(infrastructure)) lines.push(`    i_${nodeId(name)}["${name}"]`);
  for (const [name, uses] of Object.entries(infrastructure))
    for (const used of uses) lines.push(`    i_${nodeId(name)} --> i_${nodeId(used)}`);
  lines.push('  end');
  lines.push('  i18n["i18n/ · messages/"]');
  lines.push('  shared["shared/<br/>(pure code: browser, server, standalone verifiers)"]');
  lines.push('  routes --> components');
  lines.push('  routes --> domains');
  lines.push('  commands --> domains');
  lines.push('  components -. types .-> domains');
  lines.push('  domains --> infrastructure');
  lines.push('  domains --> i18n');
  lines.push('  components --> i18n');
  lines.push('  infrastructure --> shared');
  lines.push('  i18n --> shared');
  lines.push('```');
  lines.push('');
  lines.push('| Domain (`server/…`) | may import the domains |');
  lines.push('|---|---|');
  for (const [name, uses] of Object.entries(domains)) lines.push(`| ${name} | ${uses.join(', ') || '—'} |`);
  lines.push('');
  lines.push('| Infrastructure (`server/…`) | may import |');
  lines.push('|---|---|');
  for (const [name, uses] of Object.entries(infrastructure)) lines.push(`| ${name} | ${uses.join(', ') || '—'} |`);
  return lines.join('\n');
}
