import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** null: the toolchains are installed; else the one line saying why the suite is skipped. */
    toolchainsSkip: string | null;
  }
}

const ROOT = join(__dirname, '..', '..');
const HERE = __dirname;

/**
 * Vitest filters are substrings of file paths: the toolchains (about 400 MB, minutes on a first
 * run) are installed only when a run selects one of this folder's test files.
 */
function selected(project: TestProject): boolean {
  // `filenamePattern` is Vitest's own record of the CLI filters; internal, hence the fallback to argv.
  const fromVitest = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  const filters = fromVitest ?? process.argv.slice(2).filter((a) => !a.startsWith('-') && a !== 'run');
  if (filters.length === 0) return true;
  const files = readdirSync(HERE)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => join(HERE, f));
  return files.some((file) => filters.some((filter) => file.includes(filter)));
}

export default function setup(project: TestProject): void {
  if (process.platform !== 'linux') {
    project.provide('toolchainsSkip', 'toolchain conformance runs on Linux only (it reads /proc for session members)');
    return;
  }
  if (!selected(project)) {
    project.provide('toolchainsSkip', 'toolchain tests not selected');
    return;
  }
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'install-toolchains.mjs')], { stdio: 'inherit', timeout: 15 * 60_000 });
  if (result.status === 0) project.provide('toolchainsSkip', null);
  else if (result.status === 3)
    project.provide(
      'toolchainsSkip',
      'npm registry unreachable: toolchain tests skipped (run node scripts/install-toolchains.mjs when online)',
    );
  // Anything but an unreachable registry is a broken install, not a reason to pass without the real tools.
  else throw new Error(`node scripts/install-toolchains.mjs failed (exit ${result.status ?? result.signal}): run it by hand to see why`);
}
