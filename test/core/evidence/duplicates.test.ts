// The duplicate rule over the launch trees recorded from the real toolchains (test/fixtures/launch-trees).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { launchEvidence, linkDuplicates, type PortEvidence } from '../../../main/core/evidence';
import type { ProcessInfo, ProjectRef } from '../../../main/core/types';
import { computeVerdicts } from '../../../main/core/verdicts';
import { LAUNCH_TREES, type LaunchTreeFixture } from '../../helpers/toolchains-record';

const SHOP: ProjectRef = { name: 'portwarden-toolchains', root: '/home/dev/portwarden/test/toolchains', source: 'cwd' };
const MIN = 60_000;

function load(name: string): LaunchTreeFixture {
  return JSON.parse(readFileSync(join(LAUNCH_TREES, `${name}.json`), 'utf8')) as LaunchTreeFixture;
}

/** A recorded tree moved in time and PID space: another run of the same recipe. */
function shifted(t: LaunchTreeFixture, by: { ms: number; pids: number; port: number }): LaunchTreeFixture {
  const move = (p: ProcessInfo): ProcessInfo => ({
    ...p,
    pid: p.pid + by.pids,
    ppid: p.ppid && p.ppid > 1 ? p.ppid + by.pids : p.ppid,
    startTime: p.startTime + by.ms,
  });
  return { ...t, port: by.port, owner: move(t.owner), chain: t.chain.map(move) };
}

function evidenceOf(t: LaunchTreeFixture, project: ProjectRef | null = SHOP, port = t.port): PortEvidence {
  const o = t.owner;
  return {
    port,
    owner: {
      pid: o.pid,
      startTime: o.startTime,
      name: o.name,
      command: o.argv.join(' '),
      state: o.state,
      cwd: o.cwd,
      titleRewritten: false,
    },
    ancestry: null,
    build: null,
    deletedFiles: null,
    probe: null,
    launch: launchEvidence(o, t.chain),
    project,
  };
}

const kinds = (e: PortEvidence) => computeVerdicts(e).map((v) => v.kind);

describe('duplicate: two copies of one project started by the same recipe', () => {
  it('an orphaned Vite and the copy it pushed to the next port: the older is the duplicate, naming the newer', () => {
    const older = evidenceOf(load('vite-dev.orphaned'));
    // The second copy still has the shell that ran `npm run vite-dev` above it: the same recipe seen from further up.
    const newer = evidenceOf(shifted(load('vite-dev.live'), { ms: 2 * MIN, pids: 1000, port: older.port + 1 }));
    const [a, b] = linkDuplicates([older, newer]);
    expect(kinds(b!)).toEqual(['healthy']);
    const verdict = computeVerdicts(a!).find((v) => v.kind === 'duplicate')!;
    expect(verdict.severity).toBe('warning');
    expect(verdict.explanation).toBe(
      `duplicate: another copy of portwarden-toolchains (\`npm run vite-dev\`) listens on ${newer.port} (PID ${newer.owner.pid}), started 2m later; this older one is likely forgotten`,
    );
    expect(verdict.evidence).toMatchObject({
      duplicate: { command: 'npm run vite-dev', newer: [{ port: newer.port, pid: newer.owner.pid, laterMs: 2 * MIN }] },
    });
  });

  it('next dev twice: the worker of the older run is the duplicate', () => {
    const older = evidenceOf(load('next-dev.orphaned'));
    const newer = evidenceOf(shifted(load('next-dev.orphaned'), { ms: 30_000, pids: 500, port: older.port + 1 }));
    const [a, b] = linkDuplicates([newer, older]);
    expect(kinds(a!)).toEqual(['healthy']);
    expect(kinds(b!)).toEqual(['duplicate']);
  });

  it('three copies: the two older ones are duplicates, each naming the newest', () => {
    const t = load('vite-dev.orphaned');
    const all = [0, 1, 2].map((i) => evidenceOf(shifted(t, { ms: i * MIN, pids: i * 100, port: t.port + i })));
    const linked = linkDuplicates(all);
    expect(linked.map(kinds)).toEqual([['duplicate'], ['duplicate'], ['healthy']]);
    expect(linked[0]!.duplicate!.newer.map((n) => n.port)).toEqual([t.port + 2, t.port + 1]);
    expect(computeVerdicts(linked[0]!)[0]!.explanation).toContain('(and 1 more)');
  });

  it('is not raised for servers that only look alike', () => {
    const vite = load('vite-dev.orphaned');
    const again = shifted(vite, { ms: MIN, pids: 100, port: vite.port + 1 });
    const cases: Array<[string, PortEvidence[]]> = [
      ['another project', [evidenceOf(vite), evidenceOf(again, { ...SHOP, root: '/home/dev/blog', name: 'blog' })]],
      ['no project known', [evidenceOf(vite, null), evidenceOf(again, null)]],
      ['one process on two ports', [evidenceOf(vite), evidenceOf(vite, SHOP, vite.port + 1)]],
      ['another recipe', [evidenceOf(vite), evidenceOf(shifted(load('nodemon-dev.orphaned'), { ms: MIN, pids: 100, port: 1 }))]],
    ];
    for (const [what, list] of cases) expect(linkDuplicates(list).map(kinds), what).toEqual([['healthy'], ['healthy']]);
  });

  it('is not raised for two branches of one parallel runner, nor two apps of one pm2', () => {
    const a = load('concurrently-dev.live');
    // The other branch: the same runner, its own `sh -c PORT=… node …` and server.
    const other = {
      ...a,
      port: a.port + 1,
      owner: { ...a.owner, pid: a.owner.pid + 5 },
      chain: [
        { ...a.chain[0]!, pid: a.chain[0]!.pid + 5, argv: ['/bin/sh', '-c', 'PORT=1 node node-server/server.js'] },
        ...a.chain.slice(1),
      ],
    };
    expect(linkDuplicates([evidenceOf(a), evidenceOf(other)]).map(kinds)).toEqual([['healthy'], ['healthy']]);
    const pm2 = load('pm2.live');
    const app2 = { ...pm2, port: pm2.port + 1, owner: { ...pm2.owner, pid: pm2.owner.pid + 3, startTime: pm2.owner.startTime + MIN } };
    expect(linkDuplicates([evidenceOf(pm2), evidenceOf(app2)]).map(kinds)).toEqual([['healthy'], ['healthy']]);
  });
});
