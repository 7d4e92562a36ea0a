import { lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ProcessInfo, ProjectRef } from '../types';
import type { BuildDirChange, BuildEvidence } from './types';

// Start times come from clock ticks (10 ms) on top of a boot time known to the whole second, and
// a server may touch its output while booting:
// only changes clearly after the start count.
export const BUILD_SLACK_MS = 1500;

// Dev servers and watchers rewrite their own output; a changed build dir is normal for them.
const WATCH_TOKENS = new Set(['dev', 'develop', 'watch', '--watch', '-w', 'serve', '--hot', 'nodemon']);

/** Whether any of these command lines (the owner's and its launchers') runs in dev/watch mode. */
// Every token above contains one of these: a command line without any is not split at all (the
// watcher asks this of every owner's chain at each evidence pass).
const MAYBE_WATCH = /dev|watch|-w|serve|--hot|nodemon|vite/;

function looksLikeWatchMode(commands: readonly string[]): boolean {
  return commands.some((c) => {
    if (!MAYBE_WATCH.test(c)) return false;
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

/** A cwd that can say where the build is: not unknown, not the filesystem root. */
function telling(cwd: string | null): cwd is string {
  return !!cwd && cwd !== '/' && !/^[A-Za-z]:[\\/]?$/.test(cwd);
}

/**
 * The folders whose build directories count: the cwd, and the project's folder when it is another
 * one. Where the cwd is unknown (Windows) or says nothing (`node /home/me/shop/server.js` run from
 * `/`), the project found from argv is all there is.
 */
export function buildFolders(cwd: string | null, project: ProjectRef | null = null): string[] {
  const out = telling(cwd) ? [cwd] : [];
  if (project && !out.includes(project.root)) out.push(project.root);
  return out;
}

/** Build directories under the owner's cwd (or its project's folder) that changed after it started. */
export function gatherBuildFreshness(
  owner: Pick<ProcessInfo, 'cwd' | 'startTime'>,
  buildDirs: readonly string[],
  commands: readonly string[] = [],
  project: ProjectRef | null = null,
): BuildEvidence | null {
  const folders = buildFolders(owner.cwd, project);
  if (folders.length === 0) return null;
  const changed: BuildDirChange[] = [];
  for (const folder of folders) {
    for (const name of buildDirs) {
      const path = join(folder, name);
      const mtime = newestMtime(path);
      if (mtime !== null && mtime > owner.startTime + BUILD_SLACK_MS) changed.push({ name, path, changedAt: Math.round(mtime) });
    }
  }
  changed.sort((a, b) => b.changedAt - a.changedAt);
  return { cwd: folders[0]!, folders, startedAt: owner.startTime, changed, watchMode: looksLikeWatchMode(commands) };
}
