import type { ProcessInfo, TimelineStep } from '../core/types';

// Human-readable forms shared by the CLI, the tray menu and the inspector.

/** "node (PID 4242)": how every message names a process. */
export function processLabel(p: Pick<ProcessInfo, 'pid' | 'name'>): string {
  return `${p.name} (PID ${p.pid})`;
}

/** A start time or event time as messages quote it: exact, and the same in every time zone. */
export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}

/** "45s", "12m", "2h 5m", "3d 4h": the two largest units, enough to tell an old owner from a new one. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/**
 * A command line on one line, as a POSIX shell would take it back: arguments with spaces quoted,
 * and control characters (a `node -e` script's newlines) written as `$'…\n…'` so a table row or
 * a menu label never breaks.
 */
export function formatArgv(argv: readonly string[]): string {
  return argv.map(quoteArg).join(' ');
}

function quoteArg(a: string): string {
  if (/^[\w@%+=:,./-]+$/.test(a)) return a;
  if (!/[\x00-\x1f\x7f]/.test(a)) return `'${a.replace(/'/g, `'\\''`)}'`;
  const escaped = a.replace(/[\\'\x00-\x1f\x7f]/g, (c) => CONTROL_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return `$'${escaped}'`;
}

const CONTROL_ESCAPES: Record<string, string> = { '\\': '\\\\', "'": "\\'", '\n': '\\n', '\t': '\\t', '\r': '\\r' };

export function formatAddresses(addresses: readonly string[]): string {
  return addresses.map((a) => (a.includes(':') ? `[${a}]` : a)).join(', ');
}

/** One line per step, stamped with the seconds since the first: what the CLI prints as it happens. */
export function formatStep(step: TimelineStep, startedAt: number): string {
  const t = ((step.at - startedAt) / 1000).toFixed(1);
  return `  +${t}s  ${step.step.padEnd(9)}  ${step.detail}`;
}
