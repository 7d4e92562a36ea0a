import type { ProcessRef } from '../evidence';

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
