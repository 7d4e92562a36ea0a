import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..', '..');

// `main/core` runs in plain Node (CLI, tests) and `renderer` in a sandboxed page: neither may
// reach for electron. Only main/app and preload do.
const PURE_LAYERS = ['main/core', 'renderer'];

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(path));
    else if (/\.(c|m)?[jt]sx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

// import … from 'electron' | import 'electron/main' | export … from | require('electron') | import('electron')
const ELECTRON = /(?:\bfrom\s*|\bimport\s*|\brequire\s*\(\s*|\bimport\s*\(\s*)(['"`])electron(?:\/[\w/-]*)?\1/;

function electronImports(text: string): string[] {
  return text.split('\n').filter((line) => ELECTRON.test(line.replace(/\/\/.*$/, '')));
}

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
    const files = sources(join(ROOT, layer));
    expect(files.length).toBeGreaterThan(0);
    const offenders = files.flatMap((file) =>
      electronImports(readFileSync(file, 'utf8')).map((line) => `${relative(ROOT, file)}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });
});
