import { spawnCommand, type CommandResult, type RunCommand } from './run-command';

/**
 * Never two copies of one program at once: a caller asking for a command line that is already
 * running shares that run's result, and a different command line of the same program waits for
 * the one before it. Port scanners that let lsof calls overlap were reported leaking lsof processes
 * that each used a core while a network volume stalled them.
 */
export function guardCommands(run: RunCommand): RunCommand {
  const inFlight = new Map<string, Promise<CommandResult>>();
  const tail = new Map<string, Promise<unknown>>();
  return (cmd, args, options) => {
    const key = JSON.stringify([cmd, ...args]);
    const running = inFlight.get(key);
    if (running) return running;
    const before = tail.get(cmd) ?? Promise.resolve();
    const result = before.then(
      () => run(cmd, args, options),
      () => run(cmd, args, options),
    );
    const settled = result.finally(() => {
      if (inFlight.get(key) === result) inFlight.delete(key);
      if (tail.get(cmd) === settled) tail.delete(cmd);
    });
    // The chain itself must not reject unhandled: each caller gets `result`.
    settled.catch(() => {});
    inFlight.set(key, result);
    tail.set(cmd, settled);
    return result;
  };
}

/** The one runner the real adapters share, so two scanners in one process cannot overlap either. */
export const defaultRunner: RunCommand = guardCommands(spawnCommand);
