import { classifyChain } from '../launch-tree';
import { isAlive, parentChain } from '../process';
import type { Identity, ProcessInfo, ProcessSource } from '../types';

// Adopters of orphans: they reap, they do not restart what they adopted.
const ADOPTERS = new Set(['systemd', 'init', 'tini', 'dumb-init', 'catatonit', 'docker-init']);
const TAKES_BACK = new Set(['watch-supervisor', 'process-manager', 'parallel-runner']);
const INTERACTIVE_SHELL = /^-?(ba|da|z|k|a|fi)?sh$/;

/**
 * Who could take the port back after the kill, or null when nothing could: a watch supervisor,
 * process manager or parallel runner above the target, or a live parent that is neither an adopter
 * of orphans nor an interactive shell (a script's loop or a supervisor we do not know by name).
 * Only then is the "is it taken back" settle worth its wait.
 */
export async function couldTakeBack(source: ProcessSource, target: ProcessInfo, killed: readonly Identity[]): Promise<ProcessInfo | null> {
  const parents = await parentChain(source, target);
  const nodes = classifyChain(target, parents).slice(1);
  const keeper = nodes.find((n) => TAKES_BACK.has(n.kind));
  if (keeper) return keeper.process;
  const parent = parents.find((p) => !killed.some((k) => k.pid === p.pid && k.startTime === p.startTime));
  if (!parent || parent.pid <= 1 || ADOPTERS.has(parent.name)) return null;
  if (parent.argv.length <= 1 && INTERACTIVE_SHELL.test(parent.name)) return null;
  return isAlive(await source.get(parent.pid), 'now') ? parent : null;
}
