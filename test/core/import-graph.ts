import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

// The project's import graph, read from the sources: every relative import, type-only ones too
// (a type-only cycle still ties two modules together for whoever changes them).

export interface Import {
  from: string;
  to: string;
  typeOnly: boolean;
}

export function sources(root: string, dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(root, path));
    else if (/\.(c|m)?[jt]sx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;

function resolve(root: string, fromFile: string, spec: string): string | null {
  const base = join(dirname(fromFile), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts'), base]) {
    if (existsSync(join(root, candidate)) && statSync(join(root, candidate)).isFile()) return relative('.', candidate);
  }
  return null;
}

export function importsOf(root: string, file: string, text = readFileSync(join(root, file), 'utf8')): Import[] {
  const out: Import[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const to = resolve(root, file, m[3]!);
    if (to) out.push({ from: file, to, typeOnly: m[2] !== undefined });
  }
  return out;
}

/** Every cycle's first appearance, as the files around it. */
export function cycles(edges: readonly Import[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const to of next.get(file) ?? []) {
      if (state.get(to) === 'open') found.push([...stack.slice(stack.indexOf(to)), to]);
      else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of next.keys()) if (!state.has(file)) visit(file);
  return found;
}
