import { existsSync } from 'node:fs';
import { win32 } from 'node:path';

// How a command reaches cmd.exe intact. Node (since 18.20.2 / 20.12.2, CVE-2024-27980) refuses to
// spawn a .cmd or .bat without a shell (EINVAL), and CreateProcess finds `npm` only as npm.exe, so
// npm.cmd, pnpm.cmd and every node_modules\.bin shim must go through cmd. The escaping is
// cross-spawn's (lib/util/escape.js), which npm's own tools rely on: MSVC quoting for the
// program that reads the line, then `^` before each cmd metacharacter.

const CMD_META = /([()\][%!^"`<>&|;, *?])/g;
// A node_modules\.bin shim passes %* on to node through a second cmd parse: escape twice.
const CMD_SHIM = /node_modules[\\/]\.bin[\\/][^\\/]+\.cmd$/i;

export function escapeCmdCommand(command: string): string {
  return command.replace(CMD_META, '^$1');
}

export function escapeCmdArgument(arg: string, doubleEscape: boolean): string {
  // Backslashes before a quote are doubled and the quote escaped; trailing backslashes doubled,
  // since the closing quote added next would otherwise be escaped by them.
  let quoted = arg.replace(/(?=(\\+?)?)\1"/g, '$1$1\\"').replace(/(?=(\\+?)?)\1$/, '$1$1');
  quoted = `"${quoted}"`.replace(CMD_META, '^$1');
  return doubleEscape ? quoted.replace(CMD_META, '^$1') : quoted;
}

/** The line cmd.exe runs for an argv whose program is a .cmd/.bat (already resolved to its path). */
export function cmdLineForArgv(program: string, args: readonly string[]): string {
  const doubleEscape = CMD_SHIM.test(program);
  return [escapeCmdCommand(win32.normalize(program)), ...args.map((a) => escapeCmdArgument(a, doubleEscape))].join(' ');
}

/** Only an .exe or .com starts without cmd.exe: a .cmd/.bat, or a PATHEXT script (.js, .vbs), needs it. */
export function needsCmd(path: string): boolean {
  return !/\.(com|exe)$/i.test(path);
}

/** An environment variable as Windows reads it: names are case-insensitive (`Path`, `PATHEXT`, `ComSpec`). */
export function envValue(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const key = Object.keys(env).find((k) => k.toUpperCase() === name.toUpperCase());
  return key === undefined ? undefined : env[key];
}

/**
 * Where cmd.exe would find `name`: as given when it has a folder part, else in `cwd` then each
 * PATH folder; without an extension, with each PATHEXT extension in order (`npm` → `npm.cmd`).
 * `exists` must answer as NTFS does, whatever the case of the name.
 */
export function whichWindows(
  name: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  exists: (path: string) => boolean = existsSync,
): string | null {
  const exts = win32.extname(name)
    ? ['']
    : (envValue(env, 'PATHEXT') ?? '.COM;.EXE;.BAT;.CMD')
        .split(';')
        .filter(Boolean)
        .map((e) => e.toLowerCase());
  const dirs = /[\\/]/.test(name) ? [''] : [cwd, ...(envValue(env, 'PATH') ?? '').split(';').filter(Boolean)];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = dir ? win32.join(dir, name + ext) : win32.resolve(cwd, name + ext);
      if (exists(candidate)) return candidate;
    }
  }
  return null;
}
