import { describe, expect, it } from 'vitest';
import type { AncestryEvidence, PortEvidence, ProcessRef } from '../../../main/core/evidence';
import { computeVerdicts } from '../../../main/core/verdicts';
import { clockTime } from '../../../main/core/verdicts/wording';

const START = Date.UTC(2025, 0, 1, 10, 0, 0);
const ref = (pid: number, command: string, name = command.split(' ')[0]!): ProcessRef => ({ pid, startTime: START - pid, name, command });

function evidence(ancestry: Partial<AncestryEvidence>, cwd: string | null = '/home/dev/app'): PortEvidence {
  return {
    port: 3000,
    owner: { pid: 10650, startTime: START, name: 'node', command: 'node server.js', state: 'sleeping', cwd, titleRewritten: false },
    ancestry: {
      pid: 10650,
      ppid: 10600,
      parent: ref(10600, 'node vitest/worker.js', 'node'),
      adoptedBy: null,
      adopter: null,
      wrapper: null,
      daemon: false,
      sid: 10580,
      pgid: 10581,
      sessionLeaderAlive: true,
      groupLeaderAlive: true,
      launcher: null,
      cwd,
      ...ancestry,
    },
    build: null,
    deletedFiles: null,
    probe: null,
  };
}

function explain(e: PortEvidence): string | null {
  return computeVerdicts(e).find((v) => v.kind === 'orphaned')?.explanation ?? null;
}

describe('the orphaned explanation on systems that re-parent', () => {
  it('a tree whose terminal closed: names the adopted launcher, says the tree outlived its terminal and that the own parent lives', () => {
    const e = evidence({
      wrapper: ref(10581, 'bash -c (npx vitest run test/core &)', 'bash'),
      adoptedBy: 'init',
      sessionLeaderAlive: false,
    });
    expect(explain(e)).toBe(
      'orphaned: its launcher `bash -c (npx vitest run test/core &)` (PID 10581) was adopted by PID 1 after its session leader (PID 10580) exited: ' +
        'this process tree outlived the terminal that started it; its own parent `node vitest/worker.js` (PID 10600) is alive',
    );
    expect(explain(e)).not.toContain('the server outlived');
  });

  it('`sh -c` whose npm was killed: the adopted process is the parent itself, named once, with the launcher remembered', () => {
    const sh = ref(10600, 'sh -c next start', 'sh');
    const e = evidence({
      parent: sh,
      wrapper: sh,
      adoptedBy: 'subreaper',
      adopter: ref(900, '/lib/systemd/systemd --user', 'systemd'),
      groupLeaderAlive: false,
      launcher: { ...ref(10581, 'npm run start', 'npm'), exitedAt: START + 60_000 },
    });
    expect(explain(e)).toBe(
      `orphaned: started by \`npm run start\` (PID 10581), which exited at ${clockTime(START + 60_000)}; its parent \`sh -c next start\` (PID 10600) was adopted by the subreaper \`/lib/systemd/systemd --user\` (PID 900): this process tree outlived what started it`,
    );
  });

  it('the incident (wrapper SIGKILLed, the server itself adopted) keeps its verdict and wording', () => {
    const e = evidence({
      ppid: 1,
      parent: ref(1, '/sbin/init', 'init'),
      adoptedBy: 'init',
      sid: 10581,
      pgid: 10581,
      sessionLeaderAlive: false,
      groupLeaderAlive: false,
    });
    expect(explain(e)).toBe('orphaned: its session leader (PID 10581) is gone; now adopted by PID 1, it outlived whatever started it');
  });

  it('an adopted tree whose session lives is not orphaned, and neither is a daemon', () => {
    expect(explain(evidence({ wrapper: ref(10581, 'bash -c x'), adoptedBy: 'init' }))).toBeNull();
    expect(explain(evidence({ adoptedBy: 'init', sessionLeaderAlive: false, daemon: true }))).toBeNull();
  });
});

describe('the orphaned explanation on Windows', () => {
  const windows = (over: Partial<AncestryEvidence>) =>
    evidence({ ppid: 880, parent: null, sid: null, pgid: null, sessionLeaderAlive: null, groupLeaderAlive: null, ...over }, null);

  it('a dead parent PID', () => {
    expect(explain(windows({ parentExited: { ppid: 880, reusedBy: null } }))).toBe(
      'orphaned: its parent (PID 880) has exited; Windows does not re-parent, so it outlived whatever started it',
    );
  });

  it('a parent PID reused by a newer process: that process is named as not its parent', () => {
    const text = explain(windows({ parentExited: { ppid: 880, reusedBy: ref(880, 'C:\\Windows\\System32\\notepad.exe') } }));
    expect(text).toBe(
      'orphaned: its parent (PID 880) has exited: PID 880 now belongs to `C:\\Windows\\System32\\notepad.exe`, started after it, so it is not its parent; Windows does not re-parent, so it outlived whatever started it',
    );
  });

  it('the launcher from the remembered chain, with its exit time', () => {
    const launcher = { ...ref(880, 'node npm-cli.js run start', 'node.exe'), exitedAt: START + 120_000 };
    expect(explain(windows({ parentExited: { ppid: 880, reusedBy: null }, launcher }))).toBe(
      `orphaned: started by \`node npm-cli.js run start\` (PID 880), which exited at ${clockTime(START + 120_000)}; Windows does not re-parent, so it outlived whatever started it`,
    );
  });

  it('a live parent, or a service (daemon), is not orphaned', () => {
    expect(explain(windows({ parent: ref(880, 'cmd.exe /d /s /c next start') }))).toBeNull();
    expect(explain(windows({ parentExited: { ppid: 880, reusedBy: null }, daemon: true }))).toBeNull();
  });
});
