import { readFileSync } from 'node:fs';

// Variables that describe the old process's place rather than the server's configuration: passing
// them on would mislead the new process (a stale PWD, npm's per-run variables, a systemd unit's
// notify socket or socket-activation fds, a parent's IPC channel it does not have).
const DROP = [
  /^_$/,
  /^(OLD)?PWD$/,
  /^SHLVL$/,
  /^npm_/i,
  /^INIT_CWD$/,
  /^NODE_CHANNEL_FD$/,
  /^NODE_CHANNEL_SERIALIZATION_MODE$/,
  /^NODE_UNIQUE_ID$/,
  /^NOTIFY_SOCKET$/,
  /^LISTEN_(FDS|PID|FDNAMES)$/,
  /^INVOCATION_ID$/,
  /^JOURNAL_STREAM$/,
  /^TERM_SESSION_ID$/,
  /^WINDOWID$/,
  /^(COLUMNS|LINES)$/,
];

/** /proc/<pid>/environ: NUL-separated KEY=value pairs, as the process was started. */
export function parseEnviron(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of text.split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

export function filterEnv(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (!DROP.some((re) => re.test(key))) out[key] = value;
  return out;
}

/** The launch environment of a process, on Linux and where readable (same user or root); else null. */
export function readEnviron(pid: number, procRoot = '/proc', platform: NodeJS.Platform = process.platform): Record<string, string> | null {
  if (platform !== 'linux') return null;
  try {
    const env = parseEnviron(readFileSync(`${procRoot}/${pid}/environ`, 'utf8'));
    return Object.keys(env).length ? filterEnv(env) : null;
  } catch {
    return null;
  }
}
