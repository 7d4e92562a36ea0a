import type { ProcessState } from '../../types';

// `ps` on macOS (BSD ps). Every column but the last is a single token, so the command (which has
// spaces) goes last and the variable-width `user` column cannot shift anything. `lstart` is the
// only start time ps prints as an absolute time: it has 1 s resolution, unlike Linux's procfs.
// `etime` (elapsed) would give start = now - etime, which moves by a second between two scans and
// so would break (pid, startTime) identities. macOS ps has no session id column (`sess` prints a
// kernel pointer), so sid stays null.
const COLUMNS = 'pid=,ppid=,pgid=,uid=,state=,lstart=,user=,command=';

export function psArgs(pids: readonly number[] | 'all'): string[] {
  return pids === 'all' ? ['-axww', '-o', COLUMNS] : ['-ww', '-o', COLUMNS, '-p', pids.join(',')];
}

export interface PsRow {
  pid: number;
  ppid: number | null;
  pgid: number | null;
  uid: number | null;
  state: ProcessState;
  /** ms since the epoch, whole seconds (lstart's resolution). */
  startTime: number;
  user: string | null;
  /** argv joined by spaces: ps cannot say where one argument ends when an argument has spaces. */
  command: string;
}

// The first letter of BSD ps `state`; the rest are flags (`s` leader, `+` foreground, …).
// `I` is macOS's "idle" (sleeping longer than about 20 s), an ordinary sleep, not Linux's idle kernel thread.
const STATES: Record<string, ProcessState> = {
  R: 'running',
  S: 'sleeping',
  I: 'sleeping',
  U: 'disk-sleep',
  T: 'stopped',
  Z: 'zombie',
};

export function psState(state: string): ProcessState {
  return STATES[state[0] ?? ''] ?? 'unknown';
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Parses `lstart` ("Tue Nov 14 22:00:00 2023", local time). strftime's `%c` puts the day first in
 * some locales ("Tue 14 Nov 22:00:00 2023"); the runner forces the C locale, but both orders parse.
 */
export function parseLstart(text: string): number | null {
  const t = text.trim().split(/\s+/);
  if (t.length !== 5) return null;
  const [, a, b, time, year] = t as [string, string, string, string, string];
  const monthFirst = MONTHS.indexOf(a.slice(0, 3).toLowerCase());
  const month = monthFirst >= 0 ? monthFirst : MONTHS.indexOf(b.slice(0, 3).toLowerCase());
  const day = Number(monthFirst >= 0 ? b : a);
  const hms = /^(\d{1,2}):(\d{2}):(\d{2})$/.exec(time);
  if (month < 0 || !Number.isInteger(day) || !hms || !/^\d{4}$/.test(year)) return null;
  const ms = new Date(Number(year), month, day, Number(hms[1]), Number(hms[2]), Number(hms[3])).getTime();
  return Number.isNaN(ms) ? null : ms;
}

const ROW = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(\S+)(?:\s(.*))?$/;

/** Output of `ps ${psArgs(…)}` -> one row per process; lines that do not parse are skipped. */
export function parsePs(text: string): PsRow[] {
  const out: PsRow[] = [];
  for (const line of text.split('\n')) {
    const m = ROW.exec(line.replace(/\r$/, ''));
    if (!m) continue;
    const startTime = parseLstart(m[6]!);
    if (startTime === null) continue;
    const ppid = Number(m[2]);
    out.push({
      pid: Number(m[1]),
      ppid: ppid > 0 ? ppid : null,
      pgid: Number(m[3]),
      uid: Number(m[4]),
      state: psState(m[5]!),
      startTime,
      user: m[7]!,
      command: (m[8] ?? '').trim(),
    });
  }
  return out;
}

/**
 * Best-effort argv from ps's joined command line. When the executable's path is known (from lsof)
 * and the command starts with it, it stays whole even if it contains spaces.
 */
export function splitPsCommand(command: string, exe: string | null): string[] {
  if (command === '') return [];
  if (exe && (command === exe || command.startsWith(`${exe} `))) {
    const rest = command.slice(exe.length).trim();
    return [exe, ...(rest ? rest.split(/\s+/) : [])];
  }
  return command.split(/\s+/);
}
