// What a process runs, read from argv the way a person would: the interpreter is skipped, a script
// under node_modules is named for its package, and a rewritten title is kept apart from a command.

/** Node's own options that take a value (the next argv element is not the script). */
const NODE_VALUE_FLAGS = new Set([
  '-r',
  '--require',
  '--import',
  '--loader',
  '--experimental-loader',
  '-e',
  '--eval',
  '-p',
  '--print',
  '--env-file',
  '--watch-path',
  '--title',
  '--conditions',
  '-C',
  '--input-type',
]);
const INTERPRETERS = new Set(['node', 'nodejs', 'bun', 'deno', 'tsx', 'ts-node']);

export interface CommandLine {
  /** The program as a person names it: `node`, `npm`, `next`, `sh`, `PM2` (from a title). */
  program: string;
  /** The package a script belongs to (`next`, `@remix-run/dev`, `npm`), when its path says so. */
  pkg: string | null;
  /** The `.bin` name or file name of the script, when run by an interpreter (`next`, `server.js`). */
  script: string | null;
  /** Arguments after the script (or after the program). */
  args: string[];
  /** The interpreter's own flags (`--watch`, `--inspect`). */
  interpreterFlags: string[];
  /** argv was one string with spaces: a title the process wrote over its argv. */
  retitled: boolean;
}

export function baseName(path: string): string {
  const cut = path.split(/[\\/]/).pop() ?? path;
  return cut.replace(/\.(exe|cmd|bat|ps1)$/i, '');
}

/** The package owning a path inside node_modules (`…/node_modules/@scope/pkg/…` → `@scope/pkg`). */
export function packageOfPath(path: string): string | null {
  const parts = path.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return null;
  const first = parts[at + 1];
  if (!first) return null;
  if (first === '.bin') return parts[at + 2] ?? null;
  return first.startsWith('@') && parts[at + 2] ? `${first}/${parts[at + 2]}` : first;
}

/** Global npm installs keep their CLI here, not under a `.bin`. */
function cliPackage(path: string): string | null {
  if (/[\\/]npx-cli\.js$/.test(path)) return 'npx';
  const m = /[\\/](npm|pnpm|yarn|corepack)[\\/](?:bin|dist)[\\/]/.exec(path);
  if (m) return m[1]!;
  return packageOfPath(path);
}

export function parseCommandLine(argv: readonly string[]): CommandLine {
  const retitled = argv.length === 1 && /\s/.test(argv[0] ?? '');
  // A retitled process (npm, pm2's child) often wrote a readable command line: split it on spaces.
  const words = retitled ? (argv[0] ?? '').split(/\s+/).filter(Boolean) : [...argv];
  const program = baseName(words[0] ?? '');
  if (!INTERPRETERS.has(program)) {
    return { program, pkg: cliPackage(words[0] ?? ''), script: null, args: words.slice(1), interpreterFlags: [], retitled };
  }
  const flags: string[] = [];
  let i = 1;
  for (; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith('-')) break;
    flags.push(w);
    if (NODE_VALUE_FLAGS.has(w)) flags.push(words[++i] ?? '');
  }
  const scriptPath = words[i];
  // `bun run dev`, `bun x vite`: bun as a package runner, not running a script of its own.
  if (program === 'bun' && (scriptPath === 'run' || scriptPath === 'x'))
    return { program, pkg: 'bun', script: null, args: words.slice(i), interpreterFlags: flags, retitled };
  if (scriptPath === undefined) return { program, pkg: null, script: null, args: [], interpreterFlags: flags, retitled };
  return {
    program,
    pkg: cliPackage(scriptPath),
    script: baseName(scriptPath),
    args: words.slice(i + 1),
    interpreterFlags: flags,
    retitled,
  };
}
