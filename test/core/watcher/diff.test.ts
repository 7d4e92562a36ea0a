import { describe, expect, it } from 'vitest';
import type { Listener, ProcessInfo, Snapshot, Verdict } from '../../../main/core/types';
import { proc as fixtureProc } from '../../app/snapshot-fixtures';
import { diffSnapshots } from '../../../main/core/watcher/diff';
import { buildSnapshot } from '../../../main/core/watcher/snapshot';

const proc = (pid: number, startTime = 1000 + pid): ProcessInfo => fixtureProc({ pid, startTime, name: `p${pid}` });

const listener = (port: number, owner: ProcessInfo | null): Listener => ({
  port,
  protocol: 'tcp',
  addresses: ['127.0.0.1'],
  owner,
  holders: owner ? [owner] : [],
  ownerUnavailable: owner ? null : 'needs elevated rights',
  ownerHidden: owner ? null : 'EPERM',
  socketUid: 1000,
});

const verdict = (kind: Verdict['kind']): Verdict => ({
  kind,
  severity: kind === 'healthy' ? 'ok' : 'warning',
  explanation: kind,
  evidence: { kind },
});

function snap(entries: [Listener, Verdict[]?][], at = 0): Snapshot {
  return buildSnapshot(
    entries.map(([l]) => l),
    new Map(entries.map(([l, v]) => [l.port, v ?? [verdict('healthy')]])),
    [{ from: 3000, to: 3001 }],
    at,
  );
}

const ref = (p: ProcessInfo) => ({ pid: p.pid, startTime: p.startTime, name: p.name });
const A = proc(10);
const B = proc(11);
const A_REUSED = proc(10, 99_999); // same PID, another process

describe('diffSnapshots', () => {
  it.each<[string, Snapshot | null, Snapshot, (o: { pid: number }) => boolean, object[]]>([
    [
      'first snapshot: everything appeared',
      null,
      snap([[listener(3000, A)]]),
      () => true,
      [{ type: 'appeared', port: 3000, owner: ref(A) }],
    ],
    ['nothing changed', snap([[listener(3000, A)]]), snap([[listener(3000, A)]], 5), () => true, []],
    ['a new listener', snap([]), snap([[listener(4000, B)]]), () => true, [{ type: 'appeared', port: 4000, owner: ref(B) }]],
    [
      'an owner not visible appears as null',
      snap([]),
      snap([[listener(4000, null)]]),
      () => true,
      [{ type: 'appeared', port: 4000, owner: null }],
    ],
    [
      'socket closed, owner alive: released only',
      snap([[listener(3000, A)]]),
      snap([]),
      () => true,
      [{ type: 'released', port: 3000, previous: ref(A) }],
    ],
    [
      'owner died: died, then released',
      snap([[listener(3000, A)]]),
      snap([]),
      () => false,
      [
        { type: 'owner-died', port: 3000, owner: ref(A) },
        { type: 'released', port: 3000, previous: ref(A) },
      ],
    ],
    [
      'killed and restarted within one poll: died, then changed hands',
      snap([[listener(3000, A)]]),
      snap([[listener(3000, B)]]),
      (o) => o.pid !== A.pid,
      [
        { type: 'owner-died', port: 3000, owner: ref(A) },
        { type: 'owner-changed', port: 3000, from: ref(A), to: ref(B) },
      ],
    ],
    [
      'handed over while alive: changed only',
      snap([[listener(3000, A)]]),
      snap([[listener(3000, B)]]),
      () => true,
      [{ type: 'owner-changed', port: 3000, from: ref(A), to: ref(B) }],
    ],
    [
      'PID reused by another process is an owner change',
      snap([[listener(3000, A)]]),
      snap([[listener(3000, A_REUSED)]]),
      () => true,
      [{ type: 'owner-changed', port: 3000, from: ref(A), to: ref(A_REUSED) }],
    ],
    [
      'verdicts changed for the same owner',
      snap([[listener(3000, A), [verdict('healthy')]]]),
      snap([[listener(3000, A), [verdict('orphaned'), verdict('stale-build')]]]),
      () => true,
      [{ type: 'verdict-changed', port: 3000, from: ['healthy'], to: [verdict('orphaned'), verdict('stale-build')] }],
    ],
    [
      'same verdict kinds, other order: no event',
      snap([[listener(3000, A), [verdict('orphaned'), verdict('stale-build')]]]),
      snap([[listener(3000, A), [verdict('stale-build'), verdict('orphaned')]]]),
      () => true,
      [],
    ],
    ['free watched ports are not events', snap([]), snap([], 9), () => true, []],
    [
      'events come in port order',
      snap([[listener(5000, A)]]),
      snap([[listener(4000, B)]]),
      () => true,
      [
        { type: 'appeared', port: 4000, owner: ref(B) },
        { type: 'released', port: 5000, previous: ref(A) },
      ],
    ],
  ])('%s', (_name, prev, next, isAlive, expected) => {
    const events = diffSnapshots(prev, next, 42, isAlive as never);
    expect(events).toEqual(expected.map((e) => ({ at: 42, ...e })));
  });

  it('never declares an owner dead unless told', () => {
    expect(diffSnapshots(snap([[listener(3000, A)]]), snap([]), 1).map((e) => e.type)).toEqual(['released']);
  });
});

describe('buildSnapshot', () => {
  it('lists listening ports and free watched ports, sorted, with the worst severity', () => {
    const s = buildSnapshot(
      [listener(3001, A), listener(80, B)],
      new Map([[3001, [verdict('healthy'), { ...verdict('orphaned'), severity: 'warning' as const }]]]),
      [{ from: 3000, to: 3001 }],
      7,
    );
    expect(s.ports.map((p) => [p.port, p.watched, p.listener !== null, p.severity])).toEqual([
      [80, false, true, 'ok'],
      [3000, true, false, 'ok'],
      [3001, true, true, 'warning'],
    ]);
  });

  it('does not list every free port of a huge watched range', () => {
    const s = buildSnapshot([listener(20000, A)], new Map(), [{ from: 1024, to: 65535 }], 7);
    expect(s.ports.map((p) => [p.port, p.watched])).toEqual([[20000, true]]);
  });
});
