import type { ProcessInfo } from '../types';
import { baseName, type CommandLine, parseCommandLine } from './command-line';
import { LAUNCHERS, type LaunchKind, PARALLEL_RUNNERS, PROCESS_MANAGERS, SHELLS, TOOL_BINS, TOOL_PACKAGES, WATCHERS } from './kinds';

export interface Classified {
  kind: LaunchKind;
  /** The program as people name it (`npm`, `next`, `nodemon`, `pm2`, `sh`), when recognised. */
  tool: string | null;
  line: CommandLine;
}

/** `sh -c '…'`, `cmd /d /s /c …`, `powershell -Command …`: the command the shell was given. */
export function shellCommand(line: CommandLine): string | null {
  const p = line.program.toLowerCase();
  const args = line.args;
  if (SHELLS.has(p)) {
    const at = args.findIndex((a) => /^-[a-z]*c[a-z]*$/.test(a));
    return at >= 0 ? (args[at + 1] ?? '') : null;
  }
  if (p === 'cmd') {
    const at = args.findIndex((a) => /^\/c$/i.test(a) || /^\/k$/i.test(a));
    return at >= 0 ? args.slice(at + 1).join(' ') : null;
  }
  if (p === 'powershell' || p === 'pwsh') {
    const at = args.findIndex((a) => /^-(c|command)$/i.test(a));
    return at >= 0 ? args.slice(at + 1).join(' ') : null;
  }
  return null;
}

function lookup(table: Record<string, string>, line: CommandLine): string | null {
  for (const key of [line.pkg, line.script, line.program]) {
    if (key && Object.hasOwn(table, key)) return table[key]!;
  }
  return null;
}

function byName(line: CommandLine, proc: ProcessInfo): Classified {
  // A title written over argv (`PM2 v7.0.4: God Daemon (…)`, `next-server (v16.4.6)`) names no command.
  if (line.retitled && /^PM2 v\d/.test(proc.argv[0] ?? '')) return { kind: 'process-manager', tool: 'pm2', line };
  if (/^next-server \(v/.test(proc.name) || /^next-server \(v/.test(proc.argv[0] ?? '')) return { kind: 'other', tool: 'next', line };
  if (line.program === 'node' && line.interpreterFlags.some((f) => f === '--watch' || f.startsWith('--watch=')))
    return { kind: 'watch-supervisor', tool: 'node --watch', line };
  if (line.program === 'bun' && line.interpreterFlags.some((f) => f === '--watch' || f === '--hot'))
    return { kind: 'watch-supervisor', tool: 'bun --watch', line };
  if (line.pkg === 'bun') return { kind: 'launcher', tool: 'bun', line };
  if (shellCommand(line) !== null) return { kind: 'launcher', tool: line.program.toLowerCase(), line };
  const watcher = lookup(WATCHERS, line);
  if (watcher) return { kind: 'watch-supervisor', tool: watcher, line };
  if ((line.pkg === 'tsx' || line.script === 'tsx' || line.program === 'tsx') && line.args[0] === 'watch')
    return { kind: 'watch-supervisor', tool: 'tsx watch', line };
  const runner = lookup(PARALLEL_RUNNERS, line);
  if (runner) return { kind: 'parallel-runner', tool: runner, line };
  const launcher = [line.pkg, line.script, line.program].find((k) => k && LAUNCHERS.has(k));
  if (launcher) {
    // `pnpm -r dev` / `pnpm --parallel dev` runs the script of every workspace package at once.
    if (launcher === 'pnpm' && line.args.some((a) => a === '-r' || a === '--recursive' || a === '--parallel'))
      return { kind: 'parallel-runner', tool: 'pnpm -r', line };
    return { kind: 'launcher', tool: launcher === 'yarnpkg' ? 'yarn' : launcher, line };
  }
  const manager = lookup(PROCESS_MANAGERS, line) ?? PROCESS_MANAGERS[baseName(proc.exe ?? '')] ?? null;
  if (manager) return { kind: 'process-manager', tool: manager, line };
  const tool = lookup(TOOL_PACKAGES, line) ?? lookup(TOOL_BINS, line);
  if (tool) return { kind: 'tool', tool, line };
  return { kind: 'other', tool: null, line };
}

/** The class of one ancestor of a port's owner (the owner itself is always `server`). */
export function classifyAncestor(proc: ProcessInfo): Classified {
  return byName(parseCommandLine(proc.argv.length > 0 ? proc.argv : [proc.name]), proc);
}

/** The owner: always `server`, with the tool it runs when argv says (Vite serves from its own CLI). */
export function classifyOwner(proc: ProcessInfo): Classified {
  const as = classifyAncestor(proc);
  return { kind: 'server', tool: as.tool, line: as.line };
}
