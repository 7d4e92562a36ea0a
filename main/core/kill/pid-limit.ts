import { readFileSync } from 'node:fs';

// Linux: the kernel's pid_max (32768 on many machines, so PIDs wrap within a day; at most 2^22).
// macOS hands out PIDs up to 99998; Windows PIDs are DWORDs, multiples of 4.
const PID_MAX_LIMIT = 4_194_304;

/** The largest PID this machine can hand out: a number above it is bad input, not a process that is gone. */
export function pidLimit(
  platform: NodeJS.Platform = process.platform,
  read: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): number {
  if (platform === 'darwin') return 99_998;
  if (platform === 'win32') return 0xffff_fffc;
  if (platform !== 'linux') return 2 ** 31 - 1;
  try {
    const n = Number(read('/proc/sys/kernel/pid_max').trim());
    return Number.isSafeInteger(n) && n > 0 ? n : PID_MAX_LIMIT;
  } catch {
    return PID_MAX_LIMIT;
  }
}
