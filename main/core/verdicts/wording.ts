import type { ProcessRef } from '../evidence/types';

/** A command for one line of explanation: backticked, long ones shortened. */
export function quoteCommand(command: string, max = 60): string {
  const oneLine = command.replace(/\s+/g, ' ').trim();
  return `\`${oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine}\``;
}

export function describeProcess(p: ProcessRef): string {
  return `${quoteCommand(p.command)} (PID ${p.pid})`;
}

/** "10:02" in local time: explanations are read by the person at this machine. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

/** "45 s", "31 min", "2 h 5 min", "3 d": how long after the start a build changed. */
export function humanDelay(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} d`;
}
