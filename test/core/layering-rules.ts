// Which module may import which: a module imports only from the modules named in its row (and
// itself). A module is a folder of main/core; `base` is the loose files there (types, paths, wait,
// emitter, dev-ports), the data vocabulary everything shares. Read the rows bottom-up:
//   shared, base < settings, scan < process < launch-tree, project < evidence, recipes < verdicts,
//   kill < restart < json < watcher < actions < service < cli, app.
// recipes sits beside evidence: it reads the launch tree (process, launch-tree) and settings, and
// restart and actions use it. json (every --json shape) sits above kill and restart, whose results
// it writes, so neither of them borrows a helper from the other.
const FOUNDATION = ['shared', 'base'];
const PROCESS = [...FOUNDATION, 'scan', 'process'];
const LAUNCH = [...PROCESS, 'launch-tree', 'project'];

export const RULES: Record<string, readonly string[]> = {
  shared: ['base:type'],
  base: ['shared'],
  // The settings lock names its holder by (pid, start time), read with the scanner's stat parser.
  settings: [...FOUNDATION, 'scan'],
  scan: FOUNDATION,
  process: FOUNDATION,
  'launch-tree': PROCESS,
  project: PROCESS,
  evidence: [...LAUNCH, 'settings'],
  recipes: [...LAUNCH, 'settings'],
  verdicts: [...FOUNDATION, 'evidence'],
  // kill reads the launch tree of its target: a supervisor above it could take the port back, so
  // only then is the settle after the release worth waiting for.
  kill: [...PROCESS, 'launch-tree'],
  restart: [...LAUNCH, 'settings', 'evidence', 'recipes', 'kill'],
  // json writes each owner's identity id with process's one formatter (identityId).
  json: [...FOUNDATION, 'process', 'recipes', 'kill', 'restart'],
  watcher: [...LAUNCH, 'settings', 'evidence', 'verdicts'],
  actions: [...LAUNCH, 'settings', 'evidence', 'recipes', 'kill', 'restart'],
  service: [...LAUNCH, 'settings', 'evidence', 'verdicts', 'recipes', 'kill', 'restart', 'json', 'watcher', 'actions'],
  cli: [...LAUNCH, 'settings', 'evidence', 'verdicts', 'recipes', 'kill', 'restart', 'json', 'watcher', 'actions', 'service'],
  app: [...FOUNDATION, 'settings', 'scan', 'service', 'preload'],
  // The preload and the sandboxed renderer bundle no core code: types only, and the shared labels.
  preload: ['base:type', 'service:type'],
  renderer: ['shared', 'preload', 'base:type', 'service:type', 'settings:type'],
};

/** Folders that have no index.ts yet, so each of their files is an entry. settings/ is being reworked elsewhere. */
export const NO_INDEX_YET = new Set(['settings']);

/** The module a source file belongs to, or null outside the layered tree (tests, bench, scripts). */
export function moduleOf(file: string): string | null {
  const core = /^main\/core\/([^/]+)\/./.exec(file);
  if (core) return core[1]!;
  if (/^main\/core\/[^/]+$/.test(file)) return 'base';
  const top = /^(main\/shared|main\/cli|main\/app|preload|renderer)\//.exec(file);
  return top ? top[1]!.replace('main/', '') : null;
}

/** The file an import from outside a module must name: its index. */
export function entryOf(module: string): string | null {
  if (module === 'base' || NO_INDEX_YET.has(module)) return null;
  if (module === 'shared') return 'main/shared/index.ts';
  if (['cli', 'app', 'preload', 'renderer'].includes(module)) return null;
  return `main/core/${module}/index.ts`;
}
