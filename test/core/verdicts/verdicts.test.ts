import { describe, expect, it } from 'vitest';
import type { AncestryEvidence, PortEvidence } from '../../../main/core/evidence';
import { computeVerdicts, worstSeverity } from '../../../main/core/verdicts';
import { clockTime } from '../../../main/core/verdicts/wording';

const START = Date.UTC(2025, 0, 1, 10, 0, 0);
const MIN = 60_000;

const ancestry = (over: Partial<AncestryEvidence> = {}): AncestryEvidence => ({
  pid: 500,
  ppid: 400,
  parent: { pid: 400, startTime: START - 1000, name: 'npm', command: 'npm run start' },
  adoptedBy: null,
  adopter: null,
  wrapper: null,
  daemon: false,
  sid: 300,
  pgid: 400,
  sessionLeaderAlive: true,
  groupLeaderAlive: true,
  launcher: null,
  cwd: '/home/dev/app',
  ...over,
});

function evidence(over: Partial<PortEvidence> = {}): PortEvidence {
  return {
    port: 3000,
    owner: {
      pid: 500,
      startTime: START,
      name: 'node',
      command: 'node server.js',
      state: 'sleeping',
      cwd: '/home/dev/app',
      titleRewritten: false,
    },
    ancestry: ancestry(),
    build: { cwd: '/home/dev/app', startedAt: START, changed: [], watchMode: false },
    deletedFiles: { cwd: '/home/dev/app', files: [], count: 0 },
    probe: { url: 'http://127.0.0.1:3000/', outcome: 'answered', status: 200, detail: null, at: START, elapsedMs: 3 },
    ...over,
  };
}

const orphanAncestry = ancestry({
  ppid: 1,
  parent: { pid: 1, startTime: 0, name: 'init', command: '/sbin/init' },
  adoptedBy: 'init',
  sessionLeaderAlive: false,
  groupLeaderAlive: false,
});

interface Case {
  name: string;
  evidence: PortEvidence;
  kinds: string[];
  severity: string;
  mentions?: string[];
}

const cases: Case[] = [
  { name: 'a plain live server', evidence: evidence(), kinds: ['healthy'], severity: 'ok', mentions: ['answered 200'] },
  { name: 'no probe (not an HTTP port)', evidence: evidence({ probe: null }), kinds: ['healthy'], severity: 'ok' },
  {
    name: 'adopted by init, leaders gone',
    evidence: evidence({ ancestry: orphanAncestry }),
    kinds: ['orphaned'],
    severity: 'warning',
    mentions: ['PID 1', 'session leader (PID 300) is gone'],
  },
  {
    name: 'adopted by a subreaper, only the group leader gone',
    evidence: evidence({
      ancestry: ancestry({
        ppid: 900,
        parent: { pid: 900, startTime: 0, name: 'systemd', command: '/lib/systemd/systemd --user' },
        adoptedBy: 'subreaper',
        groupLeaderAlive: false,
      }),
    }),
    kinds: ['orphaned'],
    severity: 'warning',
    mentions: ['subreaper `/lib/systemd/systemd --user` (PID 900)', 'process-group leader (PID 400)'],
  },
  {
    name: 'the remembered launcher is named with its exit time',
    evidence: evidence({
      ancestry: {
        ...orphanAncestry,
        launcher: { pid: 4121, startTime: START - MIN, name: 'npm', command: 'npm run start', exitedAt: START + 2 * MIN },
      },
    }),
    kinds: ['orphaned'],
    severity: 'warning',
    mentions: [`started by \`npm run start\` (PID 4121), which exited at ${clockTime(START + 2 * MIN)}`],
  },
  {
    name: 'its `sh -c` wrapper adopted by a subreaper after npm exited: names the wrapper and the adopter, not the live parent',
    evidence: evidence({
      ancestry: ancestry({
        parent: { pid: 450, startTime: START - 900, name: 'sh', command: 'sh -c node server.js' },
        ppid: 450,
        wrapper: { pid: 450, startTime: START - 900, name: 'sh', command: 'sh -c node server.js' },
        adoptedBy: 'subreaper',
        adopter: { pid: 900, startTime: 0, name: 'systemd', command: '/lib/systemd/systemd --user' },
        groupLeaderAlive: false,
      }),
    }),
    kinds: ['orphaned'],
    severity: 'warning',
    mentions: [
      'its parent `sh -c node server.js` (PID 450) was adopted by the subreaper `/lib/systemd/systemd --user` (PID 900) after its process-group leader (PID 400) exited',
    ],
  },
  {
    name: 'a daemon (its own session and group leader) is not orphaned',
    evidence: evidence({
      ancestry: { ...orphanAncestry, daemon: true, sid: 500, pgid: 500, sessionLeaderAlive: null, groupLeaderAlive: null },
    }),
    kinds: ['healthy'],
    severity: 'ok',
  },
  {
    name: 'adopted but its session is alive (started with `(cmd &)`)',
    evidence: evidence({ ancestry: { ...orphanAncestry, sessionLeaderAlive: true, groupLeaderAlive: null } }),
    kinds: ['healthy'],
    severity: 'ok',
  },
  {
    name: 'parent alive, leaders gone: not adopted, not orphaned',
    evidence: evidence({ ancestry: ancestry({ sessionLeaderAlive: false, groupLeaderAlive: false }) }),
    kinds: ['healthy'],
    severity: 'ok',
  },
  {
    name: 'rewritten title: the explanation names the cwd',
    evidence: evidence({
      owner: { ...evidence().owner, name: 'next-server (v15', command: 'next-server (v15.1.0)', titleRewritten: true },
      ancestry: orphanAncestry,
    }),
    kinds: ['orphaned'],
    severity: 'warning',
    mentions: ['`next-server (v15.1.0)` in /home/dev/app'],
  },
  {
    name: 'zombie',
    evidence: evidence({ owner: { ...evidence().owner, state: 'zombie' }, probe: null }),
    kinds: ['zombie'],
    severity: 'trouble',
    mentions: ['state Z', 'has not reaped it'],
  },
  {
    name: 'stopped, and so not answering',
    evidence: evidence({
      owner: { ...evidence().owner, state: 'stopped' },
      probe: {
        url: 'http://127.0.0.1:3000/',
        outcome: 'timeout',
        status: null,
        detail: 'no answer within 2000 ms',
        at: START,
        elapsedMs: 2000,
      },
    }),
    kinds: ['stopped', 'not-answering'],
    severity: 'trouble',
    mentions: ['state T', 'kill -CONT 500', 'no answer within 2000 ms'],
  },
  {
    name: 'stopped by a debugger',
    evidence: evidence({ owner: { ...evidence().owner, state: 'tracing-stop' } }),
    kinds: ['stopped'],
    severity: 'warning',
    mentions: ['debugger'],
  },
  {
    name: 'build dir rebuilt after start',
    evidence: evidence({
      build: {
        cwd: '/home/dev/app',
        startedAt: START,
        changed: [{ name: '.next', path: '/home/dev/app/.next', changedAt: START + 31 * MIN }],
        watchMode: false,
      },
    }),
    kinds: ['stale-build'],
    severity: 'warning',
    mentions: ['`.next` rebuilt 31m after this server started'],
  },
  {
    name: 'several build dirs: the latest first, the others named',
    evidence: evidence({
      build: {
        cwd: '/a',
        startedAt: START,
        changed: [
          { name: 'dist', path: '/a/dist', changedAt: START + 90 * MIN },
          { name: '.vite', path: '/a/.vite', changedAt: START + 5000 },
        ],
        watchMode: false,
      },
    }),
    kinds: ['stale-build'],
    severity: 'warning',
    mentions: ['`dist` rebuilt 1h 30m after', 'also `.vite`'],
  },
  {
    name: 'build dir changed under a dev server (watch mode) is expected',
    evidence: evidence({
      build: { cwd: '/a', startedAt: START, changed: [{ name: '.next', path: '/a/.next', changedAt: START + MIN }], watchMode: true },
    }),
    kinds: ['healthy'],
    severity: 'ok',
  },
  {
    name: 'deleted files held',
    evidence: evidence({ deletedFiles: { cwd: '/a', files: ['/a/dist/app.js'], count: 3 } }),
    kinds: ['stale-build'],
    severity: 'warning',
    mentions: ['holds 3 deleted files under /a (/a/dist/app.js)'],
  },
  {
    name: 'timeout',
    evidence: evidence({
      probe: { url: 'http://[::1]:3000/', outcome: 'timeout', status: null, detail: null, at: START, elapsedMs: 2000 },
    }),
    kinds: ['not-answering'],
    severity: 'trouble',
    mentions: ['GET http://[::1]:3000/'],
  },
  {
    name: 'reset',
    evidence: evidence({
      probe: { url: 'http://127.0.0.1:3000/', outcome: 'reset', status: null, detail: 'ECONNRESET', at: START, elapsedMs: 1 },
    }),
    kinds: ['not-answering'],
    severity: 'trouble',
    mentions: ['reset'],
  },
  {
    name: '404 for /',
    evidence: evidence({
      probe: { url: 'http://127.0.0.1:3000/', outcome: 'answered', status: 404, detail: null, at: START, elapsedMs: 1 },
    }),
    kinds: ['404-wall'],
    severity: 'trouble',
    mentions: ['answers 404'],
  },
  {
    name: 'a 500 is an answer, not a verdict of its own',
    evidence: evidence({
      probe: { url: 'http://127.0.0.1:3000/', outcome: 'answered', status: 500, detail: null, at: START, elapsedMs: 1 },
    }),
    kinds: ['healthy'],
    severity: 'ok',
  },
  {
    name: 'a skipped probe (LAN-only bind) says nothing',
    evidence: evidence({
      probe: { url: null, outcome: 'skipped', status: null, detail: 'bound only to 10.0.0.2', at: START, elapsedMs: 0 },
    }),
    kinds: ['healthy'],
    severity: 'ok',
  },
  {
    name: 'several at once, worst first',
    evidence: evidence({
      ancestry: orphanAncestry,
      probe: { url: 'http://127.0.0.1:3000/', outcome: 'answered', status: 404, detail: null, at: START, elapsedMs: 1 },
      deletedFiles: { cwd: '/a', files: ['/a/x'], count: 1 },
    }),
    kinds: ['404-wall', 'orphaned', 'stale-build'],
    severity: 'trouble',
  },
];

describe('computeVerdicts', () => {
  it.each(cases)('$name', (c) => {
    const verdicts = computeVerdicts(c.evidence);
    expect(verdicts.map((v) => v.kind).sort()).toEqual([...c.kinds].sort());
    expect(worstSeverity(verdicts)).toBe(c.severity);
    const text = verdicts.map((v) => v.explanation).join('\n');
    for (const m of c.mentions ?? []) expect(text).toContain(m);
    for (const v of verdicts) {
      expect(v.explanation).not.toContain('\n');
      expect(Object.keys(v.evidence).length).toBeGreaterThan(0);
      expect(JSON.parse(JSON.stringify(v.evidence))).toEqual(v.evidence);
    }
  });

  it('puts the worst verdict first', () => {
    const verdicts = computeVerdicts(cases.at(-1)!.evidence);
    expect(verdicts[0]!.severity).toBe('trouble');
    expect(verdicts.at(-1)!.severity).toBe('warning');
  });
});
