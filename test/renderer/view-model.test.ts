import { describe, expect, it } from 'vitest';
import { visiblePorts, watchSummary } from '../../renderer/view-model';
import { free, held, proc, snapshot, verdict } from '../app/snapshot-fixtures';

// The inspector's list filter, in plain Node: people type what they read in the list.

const self = { uid: 1000, user: 'dev' };
const snap = snapshot([
  held(3000, proc({ pid: 11, cwd: '/home/dev/shop' }), [verdict('404-wall', 'trouble')]),
  held(3001, proc({ pid: 12, cwd: '/home/dev/blog' }), [verdict('stale-build', 'warning')]),
  held(3002, proc({ pid: 13, name: 'docker-proxy', cwd: '/', forwarder: 'docker-proxy' })),
  free(3003),
]);
const ports = (text: string) => visiblePorts(snap, { scope: 'watched', text }, self).rows.map((p) => p.port);

describe('visiblePorts text filter', () => {
  it('matches a verdict as its badge reads ("404 wall", "stale build") as well as its kind', () => {
    expect(ports('404 wall')).toEqual([3000]);
    expect(ports('stale build')).toEqual([3001]);
    expect(ports('stale-build')).toEqual([3001]);
  });

  it('matches a folder name, a PID and a port prefix; a free port only by number', () => {
    expect(ports('blog')).toEqual([3001]);
    expect(ports('13')).toEqual([3002]);
    expect(ports('3003')).toEqual([3003]);
  });

  it('matches a Docker forwarder by the word the list shows for it', () => {
    expect(ports('docker')).toEqual([3002]);
  });
});

describe('watchSummary', () => {
  it('counts the watched ports in use, which is what the Watched list shows, and all of them apart', () => {
    const withOther = snapshot([...snap.ports, held(631, proc({ name: 'cupsd' }), [], false)]);
    expect(watchSummary(withOther)).toBe('Watching · 3 watched in use · 4 listening');
    expect(watchSummary(snapshot([held(3000, proc())], true))).toBe('Paused · 1 watched in use');
  });
});
