import type { ProcessInfo } from '../types';
import type { ProcessRef } from './types';

export function processRef(p: ProcessInfo): ProcessRef {
  return { pid: p.pid, startTime: p.startTime, name: p.name, command: p.argv.length ? p.argv.join(' ') : p.name };
}
