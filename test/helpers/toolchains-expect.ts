import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { classifyChain, type LaunchKind, launchRoot } from '../../main/core/launch-tree';
import { createProjectFs, projectOf } from '../../main/core/project';
import { type Owned, type RunningTool, sessionMembers } from './toolchains';

// What the conformance suite checks of a real tool's tree, shared by its describe blocks.

const projectFs = createProjectFs();

/** What the current core already gets right about one orphaned server. */
export function expectTree(seen: Owned, kinds: LaunchKind[], owner: string, root: string | RegExp): void {
  const nodes = classifyChain(seen.owner, seen.chain);
  expect(nodes.slice(0, kinds.length).map((n) => n.kind)).toEqual(kinds);
  expect(nodes[0]!.command).toBe(owner);
  const rootCommand = launchRoot(nodes).command;
  if (typeof root === 'string') expect(rootCommand).toBe(root);
  else expect(rootCommand).toMatch(root);
  expect(projectOf(seen.owner, projectFs)?.name).toBe('portwarden-toolchains');
}

/** Alive and not a zombie: init here may take its time to reap an orphan that died. */
export function living(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'latin1').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Nothing of the old tree is left: every PID of the wrapper's session is gone (or a zombie). */
export function expectOldTreeGone(tool: RunningTool): void {
  expect(sessionMembers(tool.sid).filter(living)).toEqual([]);
}
