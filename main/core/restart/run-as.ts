import { readFileSync } from 'node:fs';
import type { SpawnOptions } from 'node:child_process';

/** The user a restarted server runs as when it is not Portwarden's own (Portwarden is root, the server was not). */
export interface RunAs {
  uid: number;
  gid: number;
  user: string;
  home: string;
  shell: string;
}

/** The /etc/passwd entry of `uid`, or null (no such user, or no passwd file: not a Unix). */
export function passwdEntry(uid: number, path = '/etc/passwd'): RunAs | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 7 || Number(f[2]) !== uid || f[2] === '') continue;
    return { user: f[0]!, uid, gid: Number(f[3]), home: f[5]!, shell: f[6]! || '/bin/sh' };
  }
  return null;
}

// Variables that make a program load code of the environment's choosing before its own: from
// another user's environment they would run that user's code with whatever rights the new process has.
const CODE_LOADING = [
  /^NODE_OPTIONS$/,
  /^NODE_PATH$/,
  /^LD_/,
  /^DYLD_/,
  /^PYTHONSTARTUP$/,
  /^PERL5OPT$/,
  /^RUBYOPT$/,
  /^BASH_ENV$/,
  /^ENV$/,
];

export function isCodeLoading(key: string): boolean {
  return CODE_LOADING.some((re) => re.test(key));
}

export function withoutCodeLoading(env: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !isCodeLoading(k)));
}

// What a server needs from its old environment to serve the same port the same way; none loads code.
const CARRIED = ['PORT', 'HOST', 'HOSTNAME', 'NODE_ENV'];
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * A clean environment for `who`: PATH, HOME, USER, LOGNAME, SHELL from /etc/passwd and the system,
 * LANG from Portwarden's, plus the few serving variables of `from` (never one that loads code).
 */
export function cleanEnv(
  who: RunAs,
  from: Record<string, string> = {},
  lang: string | undefined = process.env.LANG,
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: SYSTEM_PATH,
    HOME: who.home,
    USER: who.user,
    LOGNAME: who.user,
    SHELL: who.shell,
    LANG: lang ?? 'C.UTF-8',
  };
  for (const key of CARRIED) if (from[key] !== undefined) env[key] = from[key]!;
  return env;
}

/** The spawn options that make the child that user: uid and primary gid (libuv drops supplementary groups). */
export function spawnCredentials(runAs: RunAs | null | undefined): Pick<SpawnOptions, 'uid' | 'gid'> {
  return runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
}
