import { describe, it } from 'vitest';
import { canRunAsNobody } from './run-as-nobody';

// The suite runs on Linux, macOS and Windows (.github/workflows/ci.yml). A test that needs what only
// one OS has (procfs, setpriv, `ss`, the setsid binary, the Linux scanner) skips elsewhere, and says
// so in one line naming the reason, so a green run on macOS never reads as "verified on macOS".

export const linux = process.platform === 'linux';
/** Linux and macOS: POSIX signals, `sh -c`, process groups, `node` as the executable's name. */
export const posix = process.platform !== 'win32';

export interface Guarded {
  describe: ReturnType<typeof describe.runIf>;
  it: ReturnType<typeof it.runIf>;
}

const said = new Set<string>();

/** vitest's describe/it that run only when `runs`; otherwise one SKIP line is printed, once per reason. */
export function onlyWhere(runs: boolean, where: string, reason: string): Guarded {
  if (!runs) sayOnce(`SKIP on ${process.platform}: ${reason} (needs ${where})`);
  return { describe: describe.runIf(runs), it: it.runIf(runs) };
}

function sayOnce(line: string): void {
  if (said.has(line)) return;
  said.add(line);
  console.log(line);
}

/** For tests that need a Linux-only facility; `reason` names it ("reads /proc", "runs setpriv"). */
export function linuxOnly(reason: string): Guarded {
  return onlyWhere(linux, 'Linux', reason);
}

/** For tests that need POSIX signals, `sh` or process groups, which Windows does not have. */
export function posixOnly(reason: string): Guarded {
  return onlyWhere(posix, 'Linux or macOS', reason);
}

/** For tests that run a process as nobody through setpriv: Linux, as root. */
export function asAnotherUser(): Guarded {
  return onlyWhere(canRunAsNobody, 'Linux as root', 'runs a process as another user with setpriv');
}
