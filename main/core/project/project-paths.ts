// Pure path logic for "which project is this process from", for POSIX and Windows paths alike:
// Windows gives no cwd for another process, so there the command line is all there is.
import { posix, win32 } from 'node:path';

export function isWindowsPath(path: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || isWindowsPath(path);
}

export function pathApi(path: string): typeof posix {
  return isWindowsPath(path) ? win32 : posix;
}

/** The filesystem root (`/`, `C:\`): a cwd there says nothing about a project. */
export function isRoot(path: string): boolean {
  const api = pathApi(path);
  return api.dirname(api.resolve(path)) === api.resolve(path);
}

/** `/a/shop/node_modules/next/dist/bin/next` → `/a/shop`: the folder holding the outermost node_modules. */
export function beforeNodeModules(path: string): string | null {
  const m = /^(.*?)[\\/]node_modules(?:[\\/]|$)/.exec(path);
  return m?.[1] ? m[1] : null;
}

/** The folder and every parent up to the root, nearest first. */
export function foldersUp(start: string): string[] {
  const api = pathApi(start);
  const out: string[] = [];
  let dir = api.resolve(start);
  for (;;) {
    out.push(dir);
    const parent = api.dirname(dir);
    if (parent === dir) return out;
    dir = parent;
  }
}

/**
 * The absolute paths in argv that could lead to a project, most telling first: script paths and
 * node_modules paths after the interpreter, then argv[0] itself (a `node_modules/.bin` binary).
 * A title written over argv (`node /srv/shop/server.js` as one string) is split on spaces.
 */
export function argvPaths(argv: readonly string[], cwd: string | null): string[] {
  const words = argv.length === 1 && /\s/.test(argv[0] ?? '') ? (argv[0] ?? '').split(/\s+/) : [...argv];
  const out: string[] = [];
  for (const word of [...words.slice(1), ...words.slice(0, 1)]) {
    // `--require=/x/y.js`, `--import /x`: the path after a flag's `=`.
    const value = word.startsWith('-') ? word.slice(word.indexOf('=') + 1) : word;
    if (!value || value.startsWith('-')) continue;
    if (isAbsolutePath(value)) out.push(value);
    else if (cwd && /[\\/]|\.[cm]?[jt]sx?$/.test(value)) out.push(pathApi(cwd).resolve(cwd, value));
  }
  return out;
}
