// The layer check (npm run lint:layers, docs/architecture.md): rules built from scripts/architecture/layers.mjs.
import { DOMAINS, INFRASTRUCTURE } from './scripts/architecture/layers.mjs';

const TEST_FILE = '\\.test\\.tsx?$';
const OWN_CODE =
  '^(app|components|server|shared|witness|log-follower|i18n|messages|scripts|bench|prisma|tests|e2e)/|^(proxy|instrumentation)\\.ts$';
const folder = (names) => `^server/(${names.join('|')})(/|\\.ts$)`;
const infrastructure = Object.keys(INFRASTRUCTURE);

/** Code in `from` may import our own code only from `allowed` (patterns); npm packages and Node are not limited here. */
function onlyFrom(name, from, allowed, comment) {
  return { name, comment, severity: 'error', from: { path: from, pathNot: TEST_FILE }, to: { path: OWN_CODE, pathNot: allowed.join('|') } };
}

const serverFolderRules = [
  ...Object.entries(INFRASTRUCTURE).map(([name, uses]) =>
    onlyFrom(
      `infrastructure:${name}`,
      folder([name]),
      [folder([name, ...uses]), '^shared/'],
      `server/${name} is infrastructure: it may import only ${uses.join(', ') || 'no other server folder'} and shared/`,
    ),
  ),
  ...Object.entries(DOMAINS).map(([name, uses]) =>
    onlyFrom(
      `domain:${name}`,
      folder([name]),
      [folder([name, ...uses, ...infrastructure]), '^shared/', '^i18n/', '^messages/'],
      `server/${name} may import the domains ${uses.join(', ') || '(none)'}, the infrastructure, shared/ and the translations`,
    ),
  ),
];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'modules import each other in a circle', from: {}, to: { circular: true } },
    ...serverFolderRules,
    {
      name: 'unknown-server-folder',
      severity: 'error',
      comment: 'every folder under server/ is a domain or infrastructure listed in scripts/architecture/layers.mjs',
      from: { path: '^server/', pathNot: `${folder([...infrastructure, ...Object.keys(DOMAINS)])}|${TEST_FILE}|^server/db/generated/` },
      to: {},
    },
    onlyFrom(
      'shared-is-pure',
      '^shared/',
      ['^shared/'],
      'shared/ is pure code client and server both use: it imports nothing of ours outside shared/',
    ),
    {
      name: 'shared-has-no-server-code',
      severity: 'error',
      comment: 'shared/ runs in browsers and standalone verifiers too: no server-only guard, no Next.js',
      from: { path: '^shared/' },
      to: { path: 'node_modules/(server-only|next|next-auth|@prisma)/' },
    },
    onlyFrom(
      'i18n-below-everything',
      '^i18n/',
      ['^i18n/', '^messages/', '^shared/'],
      'the translations and their configuration import only each other and shared/',
    ),
    onlyFrom(
      'components-are-ui',
      '^components/',
      ['^components/', '^shared/', '^i18n/', '^messages/', '^server/'],
      'components import UI, shared code and translations; server code only as types (next rule)',
    ),
    {
      name: 'components-take-server-types-only',
      severity: 'error',
      comment: 'a component gets data and actions as props from its route: from server/ it imports the types of those DTOs only',
      from: { path: '^components/', pathNot: TEST_FILE },
      to: { path: '^server/', dependencyTypesNot: ['type-only'] },
    },
    onlyFrom(
      'routes-are-the-top',
      '^app/|^(proxy|instrumentation)\\.ts$',
      ['^app/', '^components/', '^server/', '^shared/', '^i18n/', '^messages/'],
      'routes import the layers below; never scripts, benchmarks or tests',
    ),
    onlyFrom(
      'commands-use-the-server',
      '^(scripts|prisma)/',
      ['^scripts/', '^prisma/', '^server/', '^shared/', '^i18n/', '^messages/'],
      'command-line entry points and seeds are thin wrappers over server/',
    ),
    onlyFrom(
      'witness-stands-alone',
      '^witness/',
      ['^witness/', '^shared/'],
      'the witness is a program a second party runs beside the gateway: it uses shared/ and nothing of the server, never its database',
    ),
    onlyFrom(
      'log-follower-stands-alone',
      '^log-follower/',
      ['^log-follower/', '^shared/'],
      'the mirror and the monitor are programs an auditor runs far from the gateway: they read the log over HTTP with shared/ and nothing of the server',
    ),
    onlyFrom(
      'benchmarks-use-the-server',
      '^bench/',
      ['^bench/', '^prisma/', '^server/', '^shared/', '^i18n/', '^messages/', '^tests/', '^log-follower/'],
      "benchmarks drive server/, reuse the test helpers, and fetch a mirror's baseline with the mirror's own HTTP client",
    ),
  ],
  required: [
    {
      name: 'server-only-guard',
      severity: 'error',
      comment: "every server module starts with import 'server-only' (a client bundle that pulls one in fails the build)",
      module: { path: '^server/', pathNot: `${TEST_FILE}|^server/db/generated/` },
      to: { path: 'node_modules/server-only/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^server/db/generated/|^\\.next/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      extensions: ['.ts', '.tsx', '.mjs', '.js', '.json'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
};
