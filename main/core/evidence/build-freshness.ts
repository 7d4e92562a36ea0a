import { lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ProcessInfo } from '../types';
import type { BuildDirChange, BuildEvidence } from './types';

// Start times come from clock ticks (10 ms) on top of a boot time known to the whole second, and
// a server may touch its output while booting:
// only changes clearly after the start count.
export const BUILD_SLACK_MS = 1500;

// Dev servers and watchers rewrite their own output; a changed build dir is normal for them.
const WATCH_TOKENS = new Set(['dev', 'develop', 'watch', '--watch', '-w', 'serve', '--hot', 'nodemon']);

/** Whether any of these command lines (the owner's and its launchers') runs in dev/watch mode. */
function looksLikeWatchMode(commands: readonly string[]): boolean {
  return commands.some((c) => {
    const tokens = c.split(/\s+/).map((t) => basename(t));
    if (tokens.some((t) => WATCH_TOKENS.has(t))) return true;
    const vite = tokens.indexOf('vite');
    return vite >= 0 && !['build', 'preview'].includes(tokens[vite + 1] ?? '');
  });
}

/** The newest mtime of a directory and its immediate entries: cheap, never a deep walk. */
function newestMtime(dir: string): number | null {
  let newest: number;
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) return null;
    newest = st.mtimeMs;
  } catch {
    return null;
  }
  let entries: string[] = [];
  try {
    entries = readdirSync(dir);
  } catch {
    return newest;
  }
  for (const entry of entries) {
    try {
      newest = Math.max(newest, lstatSync(join(dir, entry)).mtimeMs);
    } catch {
      // removed while we looked
    }
  }
  return newest;
}

/** Build directories under the owner's cwd that changed after it started. */
export function gatherBuildFreshness(owner: Pick<ProcessInfo, 'cwd' | 'startTime'>, buildDirs: readonly string[], commands: readonly string[] = []): BuildEvidence | null {
  if (!owner.cwd || owner.cwd === '/') return null;
  const changed: BuildDirChange[] = [];
  for (const name of buildDirs) {
    const path = join(owner.cwd, name);
    const mtime = newestMtime(path);
    if (mtime !== null && mtime > owner.startTime + BUILD_SLACK_MS) changed.push({ name, path, changedAt: Math.round(mtime) });
  }
  changed.sort((a, b) => b.changedAt - a.changedAt);
  return { cwd: owner.cwd, startedAt: owner.startTime, changed, watchMode: looksLikeWatchMode(commands) };
}
