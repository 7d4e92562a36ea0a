import { mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildDesktopEntry, parseDesktopEntry, parseExec } from './desktop-entry';
import { HIDDEN_ARG, type LoginItem, type LoginItemResult, type LoginItemState } from './login-item';

export interface LinuxAutostartDeps {
  env: NodeJS.ProcessEnv;
  home?: string;
  /** process.execPath: the installed executable, or a throwaway mount point inside an AppImage. */
  execPath: string;
  /** Arguments before HIDDEN_ARG, e.g. the app folder when running unpackaged (`electron .`). */
  appArgs?: readonly string[];
}

export const ENTRY_NAME = 'portwarden.desktop';

export function autostartFile(env: NodeJS.ProcessEnv, home = homedir()): string {
  // The spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const base = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(home, '.config');
  return join(base, 'autostart', ENTRY_NAME);
}

/**
 * The program to start at login. Inside an AppImage, execPath points into a FUSE mount under
 * /tmp/.mount_* that disappears when the app quits; only $APPIMAGE survives a reboot.
 */
export function launchTarget(deps: Pick<LinuxAutostartDeps, 'env' | 'execPath' | 'appArgs'>): { executable: string; args: string[] } {
  const executable = deps.env.APPIMAGE || deps.execPath;
  return { executable, args: [...(deps.appArgs ?? []), HIDDEN_ARG] };
}

export function createLinuxAutostart(deps: LinuxAutostartDeps): LoginItem {
  const file = autostartFile(deps.env, deps.home);

  async function getState(): Promise<LoginItemState> {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return { enabled: false, detail: null, location: null };
      return { enabled: false, detail: `cannot read ${file}: ${describeCode(code)}`, location: file };
    }
    const keys = parseDesktopEntry(text);
    if (keys.get('Hidden') === 'true') return off('the entry is switched off (Hidden=true)');
    if (keys.get('X-GNOME-Autostart-enabled') === 'false') return off('the entry is switched off in Startup Applications');
    const argv = parseExec(keys.get('Exec') ?? '');
    const target = launchTarget(deps).executable;
    if (argv[0] !== target) return off(`the entry starts another copy (${argv[0] ?? 'no Exec line'}), not ${target}`);
    return { enabled: true, detail: null, location: file };
  }

  function off(detail: string): LoginItemState {
    return { enabled: false, detail, location: file };
  }

  async function setEnabled(enabled: boolean): Promise<LoginItemResult> {
    try {
      if (enabled) writeAtomically(file, buildDesktopEntry(launchTarget(deps)));
      else removeEntry(file);
    } catch (err) {
      return writeFailure(err as NodeJS.ErrnoException, file, enabled);
    }
    return { ok: true, state: await getState() };
  }

  return { supported: true, getState, setEnabled };
}

function writeAtomically(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  // A session manager reading the folder at login must never see half a file.
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, content, { mode: 0o644 });
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

function removeEntry(file: string): void {
  try {
    unlinkSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
  }
}

export function writeFailure(err: NodeJS.ErrnoException, file: string, enabling: boolean): LoginItemResult {
  const code = err.code ?? 'EUNKNOWN';
  const verb = enabling ? 'write' : 'remove';
  const folder = dirname(file);
  const hints: Record<string, string> = {
    EACCES: `check who owns ${folder} (ls -ld "${folder}"); it must be writable by you`,
    EPERM: `check who owns ${folder} (ls -ld "${folder}") and whether the file is immutable (lsattr)`,
    EROFS: `${folder} is on a read-only file system; point XDG_CONFIG_HOME at a writable folder`,
    ENOSPC: 'free some disk space and try again',
    EDQUOT: 'your disk quota is full; free some space and try again',
    ENOTDIR: `a file stands where a folder should be on the way to ${folder}; move it away`,
    EEXIST: `a file stands where the folder ${folder} should be; move it away`,
    EISDIR: `${file} is a folder; move it away`,
  };
  return {
    ok: false,
    code,
    message: `Cannot ${verb} the autostart entry ${file}: ${describeCode(code)}`,
    hint: hints[code] ?? `try again, or create the entry by hand in ${folder}`,
  };
}

function describeCode(code: string | undefined): string {
  const words: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
    ENOTDIR: 'a path component is not a folder',
    EEXIST: 'a file is in the way',
    EISDIR: 'it is a folder',
  };
  return (code && words[code]) ?? code ?? 'unknown error';
}
