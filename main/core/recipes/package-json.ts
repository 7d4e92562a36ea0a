import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Recipe } from './recipe';

const SCRIPTS = ['dev', 'start'] as const;
const LOCKFILES: Array<[string, string]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lockb', 'bun'],
  ['bun.lock', 'bun'],
  ['package-lock.json', 'npm'],
];

export interface PackageJsonFacts {
  cwd: string;
  /** The text of <cwd>/package.json, or null when there is none. */
  text: string | null;
  /** Lock files present in cwd. */
  lockfiles: string[];
}

/**
 * A suggestion, not an observation: `<pm> run dev` (else `start`) in the directory, with PORT set,
 * which Next, Express templates, CRA and most Node servers honour.
 */
export function suggestFromPackageJson(facts: PackageJsonFacts, port: number): Recipe | null {
  if (facts.text === null) return null;
  let pkg: { scripts?: Record<string, unknown>; packageManager?: unknown };
  try {
    pkg = JSON.parse(facts.text) as typeof pkg;
  } catch {
    return null;
  }
  const script = SCRIPTS.find((s) => typeof pkg.scripts?.[s] === 'string');
  if (!script) return null;
  const declared = typeof pkg.packageManager === 'string' ? /^(npm|pnpm|yarn|bun)@/.exec(pkg.packageManager)?.[1] : undefined;
  const pm = declared ?? LOCKFILES.find(([file]) => facts.lockfiles.includes(file))?.[1] ?? 'npm';
  return {
    command: [pm, 'run', script],
    cwd: facts.cwd,
    env: { PORT: String(port) },
    envMode: 'merge',
    source: 'package.json',
    origin: `suggested from the "${script}" script in ${join(facts.cwd, 'package.json')}: \`${String(pkg.scripts![script])}\``,
  };
}

export function readPackageJsonFacts(cwd: string): PackageJsonFacts {
  let text: string | null = null;
  try {
    text = readFileSync(join(cwd, 'package.json'), 'utf8');
  } catch {
    // no package.json here
  }
  return { cwd, text, lockfiles: LOCKFILES.map(([f]) => f).filter((f) => existsSync(join(cwd, f))) };
}
