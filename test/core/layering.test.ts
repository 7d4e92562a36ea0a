import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cycles, type Import, importsOf, sources } from './import-graph';
import { entryOf, moduleOf, RULES } from './layering-rules';

const ROOT = join(__dirname, '..', '..');
const LAYERED = ['main', 'preload', 'renderer'];

// `main/core` runs in plain Node (CLI, tests) and `renderer` in a sandboxed page: neither may
// reach for electron. Only main/app and preload do.
const PURE_LAYERS = ['main/core', 'main/shared', 'renderer'];

// import … from 'electron' | import 'electron/main' | export … from | require('electron') | import('electron')
const ELECTRON = /(?:\bfrom\s*|\bimport\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)(['"`])electron(?:\/[\w/-]*)?\1/;

function electronImports(text: string): string[] {
  return text.split('\n').filter((line) => ELECTRON.test(line.replace(/\/\/.*$/, '')));
}

/** Why an import breaks the rule table, or null when it keeps it. */
function violation(edge: Import): string | null {
  const from = moduleOf(edge.from);
  const to = moduleOf(edge.to);
  if (from === null || to === null || from === to) return null;
  const allowed = RULES[from] ?? [];
  if (!allowed.includes(to) && !(edge.typeOnly && allowed.includes(`${to}:type`))) {
    return `${edge.from} → ${edge.to}: ${from} may not import ${to}${allowed.includes(`${to}:type`) ? ' (types only)' : ''}`;
  }
  const entry = entryOf(to);
  if (entry && edge.to !== entry) return `${edge.from} → ${edge.to}: reaches past ${entry}`;
  return null;
}

const files = LAYERED.flatMap((dir) => sources(ROOT, dir));
const edges = files.flatMap((file) => importsOf(ROOT, file));

describe('layering', () => {
  it('recognizes every way of importing electron, and not the word in prose', () => {
    expect(electronImports("import { app } from 'electron';")).toHaveLength(1);
    expect(electronImports('import type { BrowserWindow } from "electron";')).toHaveLength(1);
    expect(electronImports("import 'electron/main';")).toHaveLength(1);
    expect(electronImports("const { ipcRenderer } = require('electron');")).toHaveLength(1);
    expect(electronImports("const e = await import('electron');")).toHaveLength(1);
    expect(electronImports("export { shell } from 'electron/common';")).toHaveLength(1);
    expect(electronImports("// never import 'electron' here")).toHaveLength(0);
    expect(electronImports("const note = 'runs outside electron';")).toHaveLength(0);
    expect(electronImports("import { x } from './electron-free';")).toHaveLength(0);
  });

  it.each(PURE_LAYERS)('nothing under %s imports electron', (layer) => {
    const inLayer = files.filter((f) => f.startsWith(`${layer}/`));
    expect(inLayer.length).toBeGreaterThan(0);
    const offenders = inLayer.flatMap((file) =>
      electronImports(readFileSync(join(ROOT, file), 'utf8')).map((line) => `${file}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it('reads the import graph, type-only imports included', () => {
    expect(edges.length).toBeGreaterThan(200);
    const sample = importsOf(
      ROOT,
      'main/core/kill/plan.ts',
      "import { descendants } from '../process';\nimport type { ProcessInfo } from '../types';\n",
    );
    expect(sample).toEqual([
      { from: 'main/core/kill/plan.ts', to: 'main/core/process/index.ts', typeOnly: false },
      { from: 'main/core/kill/plan.ts', to: 'main/core/types.ts', typeOnly: true },
    ]);
  });

  it('knows a forbidden import, a reach past an index and a type-only leak when it sees one', () => {
    expect(violation({ from: 'main/core/kill/plan.ts', to: 'main/core/restart/index.ts', typeOnly: true })).toMatch(
      /kill may not import restart/,
    );
    expect(violation({ from: 'main/core/restart/judge.ts', to: 'main/core/kill/plan.ts', typeOnly: false })).toMatch(
      /reaches past main\/core\/kill\/index.ts/,
    );
    expect(violation({ from: 'renderer/details.ts', to: 'main/core/service/index.ts', typeOnly: false })).toMatch(/types only/);
    expect(violation({ from: 'renderer/details.ts', to: 'main/core/service/index.ts', typeOnly: true })).toBeNull();
    expect(
      cycles([
        { from: 'a', to: 'b', typeOnly: true },
        { from: 'b', to: 'a', typeOnly: false },
      ]),
    ).toEqual([['a', 'b', 'a']]);
  });

  it('every import keeps the rule table: only downward, only through an index', () => {
    expect(edges.map(violation).filter((v) => v !== null)).toEqual([]);
  });

  it('has no import cycle, type-only imports included', () => {
    expect(cycles(edges).map((c) => c.join(' → '))).toEqual([]);
  });
});
