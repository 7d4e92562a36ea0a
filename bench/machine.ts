import { cpus, release, totalmem, type as osType } from 'node:os';
import { readdirSync } from 'node:fs';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  kernel: string;
}

export function describeMachine(): Machine {
  const list = cpus();
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    kernel: `${osType()} ${release()}`,
  };
}

export function formatMachine(m: Machine): string {
  return `machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; node ${m.node}; ${m.kernel}`;
}

/** Processes visible in /proc right now (the "busy" in a busy machine). */
export function processCount(): number {
  try {
    return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).length;
  } catch {
    return NaN;
  }
}
