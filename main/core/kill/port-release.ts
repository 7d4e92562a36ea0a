import { formatArgv, processLabel } from '../../shared';
import { sameIdentity } from '../process';
import type { Identity, Listener, ProcessInfo } from '../types';
import type { KillRefusal, PortRelease } from './kill-result';

/** What a port looks like after a kill: free, still ours, or someone else's. `parent` is filled by the caller. */
export function classifyRelease(listener: Listener | undefined, killed: readonly Identity[]): PortRelease {
  if (!listener) return { state: 'released' };
  const ours = listener.holders.find((h) => killed.some((k) => sameIdentity(k, h)));
  if (ours) return { state: 'held', by: ours };
  return { state: 'taken', by: listener.owner ?? listener.holders[0] ?? null, parent: null, socketUid: listener.socketUid };
}

/** A process named so a human can recognise a supervisor: name, PID and a short command line. */
export function describeHolder(p: ProcessInfo, maxCommand = 80): string {
  const command = formatArgv(p.argv);
  if (!command || command === p.name) return processLabel(p);
  const short = command.length > maxCommand ? `${command.slice(0, maxCommand - 1)}…` : command;
  return `${processLabel(p)}: \`${short}\``;
}

export function releaseFailure(release: Exclude<PortRelease, { state: 'released' }>, port: number): KillRefusal {
  if (release.state === 'held' && release.outsideTree) {
    const who = `${describeHolder(release.by)} of user ${release.by.user ?? release.by.uid ?? '?'}`;
    return {
      code: 'STILL_HELD',
      message: `port ${port} is still held by ${who}: it is outside the tree that was killed (it was handed the socket, e.g. over a Unix socket), so it was left alone`,
      hint: `To end every holder of the port too: \`portwarden kill ${port} --all-holders\`.`,
    };
  }
  if (release.state === 'held') {
    return {
      code: 'STILL_HELD',
      message: `port ${port} is still held by ${processLabel(release.by)} after SIGKILL`,
      hint: 'It may be stuck in uninterruptible I/O (a hung disk or network mount). Check its state with `portwarden who`.',
    };
  }
  if (!release.by) {
    return {
      code: 'TAKEN',
      message: `port ${port} was taken by another process${release.socketUid !== null ? ` of uid ${release.socketUid}` : ''} that Portwarden cannot see`,
      hint: 'Run `sudo portwarden who <port>` to see who it is.',
    };
  }
  const parent = release.parent ? `, whose parent is ${describeHolder(release.parent)}` : '';
  return {
    code: 'TAKEN',
    message: `port ${port} was taken by another process: ${describeHolder(release.by)}${parent}`,
    hint: 'A supervisor (pm2, nodemon, docker, systemd, a watch script) started it again: stop the supervisor rather than the server.',
  };
}
