import type { ProcessInfo } from './types';

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

/** A command line for display: argv joined, arguments with spaces quoted. */
export function formatArgv(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

export function formatAddresses(addresses: readonly string[]): string {
  return addresses.map((a) => (a.includes(':') ? `[${a}]` : a)).join(', ');
}
