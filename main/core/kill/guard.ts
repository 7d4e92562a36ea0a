import { isoTime, processLabel } from '../../shared';
import { describeForwarder } from '../../shared';
import { isAlive, sameIdentity } from '../process';
import type { Identity, ProcessInfo } from '../types';
import type { KillRefusal } from './kill-result';

/** Who is asking: a kill must never reach Portwarden, the shell that started it, or init. */
export interface SelfFacts {
  pid: number;
  /** PIDs of Portwarden's ancestors (its parent chain). */
  ancestors: ReadonlySet<number>;
  /** null where the OS has no uids (Windows): the OS answers "access denied" instead. */
  uid: number | null;
}

/**
 * Why the identity the user was shown must not be acted on, or null when it may. Pure: `current`
 * is what the PID is now (null when nothing runs under it).
 */
export function checkIdentity(shown: Identity, current: ProcessInfo | null): KillRefusal | null {
  if (!current || !isAlive(current)) {
    return {
      code: 'NOT_FOUND',
      message: `PID ${shown.pid} is no longer running${current ? ` (${current.state}: it exited and waits for its parent to collect it)` : ''}`,
      hint: 'Nothing to kill. Look again with `portwarden ls`.',
    };
  }
  if (!sameIdentity(current, shown)) {
    return {
      code: 'STALE_IDENTITY',
      message:
        `PID ${shown.pid} now belongs to another process: ${current.name}, started ${isoTime(current.startTime)}, ` +
        `not the one started ${isoTime(shown.startTime)}. Refusing to kill it`,
      hint: 'The process you saw has exited and its PID was reused. Look again with `portwarden who <port>`.',
    };
  }
  return null;
}

/** Whether Portwarden may signal this process at all (checked for every process in the kill plan). */
export function checkPermitted(p: ProcessInfo, self: SelfFacts): KillRefusal | null {
  if (p.pid <= 1) {
    return {
      code: 'PROTECTED',
      message: `${processLabel(p)} is the init system: refusing to kill it`,
      hint: 'If it holds the port through socket activation, stop the systemd .socket unit instead.',
    };
  }
  if (p.pid === self.pid) {
    return { code: 'PROTECTED', message: `${processLabel(p)} is Portwarden itself: refusing to kill it`, hint: 'Quit Portwarden instead.' };
  }
  if (self.ancestors.has(p.pid)) {
    return {
      code: 'PROTECTED',
      message: `${processLabel(p)} started Portwarden (it is one of its ancestors): refusing to kill it`,
      hint: 'Killing it would take Portwarden (and probably your terminal) down with it. Stop it from its own terminal.',
    };
  }
  if (p.forwarder) {
    return {
      code: 'PROTECTED',
      message: `${processLabel(p)} is a ${describeForwarder(p.forwarder)}: refusing to kill it`,
      hint: 'Stop the container that publishes this port (`docker ps`, then `docker stop <name>`).',
    };
  }
  if (self.uid !== null && self.uid !== 0 && p.uid !== null && p.uid !== self.uid) {
    return needsElevatedRights(p);
  }
  return null;
}

export function needsElevatedRights(p: Pick<ProcessInfo, 'pid' | 'name' | 'user'> | null, port?: number): KillRefusal {
  const who = p ? `${processLabel(p)} belongs to user ${p.user ?? 'another user'}` : `the owner of port ${port} belongs to another user`;
  return {
    code: 'EPERM',
    message: `${who}: needs elevated rights to kill it`,
    hint: 'Run the command as that user, or as root (`sudo portwarden …`).',
  };
}
