import { describe, expect, it } from 'vitest';
import {
  actionNotification,
  decideNotifications,
  INITIAL_NOTIFY_STATE,
  type NotifyContext,
  type NotifyState,
} from '../../main/app/notifications';
import type { OwnerRef, WatchEvent } from '../../main/core/types';
import { actionOutcome } from './fake-service';
import { verdict } from './snapshot-fixtures';

const old: OwnerRef = { pid: 4242, startTime: 1000, name: 'next-server' };
const fresh: OwnerRef = { pid: 5151, startTime: 2000, name: 'node' };
const ctx = (over: Partial<NotifyContext> = {}): NotifyContext => ({
  enabled: true,
  isWatched: (p) => p === 3000,
  isExpected: () => false,
  ...over,
});

/** Feeds ticks of events through the reducer and collects every notification. */
function run(ticks: WatchEvent[][], context = ctx()) {
  let state: NotifyState = INITIAL_NOTIFY_STATE;
  const all = [];
  for (const events of ticks) {
    const out = decideNotifications(state, events, context);
    state = out.state;
    all.push(...out.notify);
  }
  return all;
}

describe('decideNotifications', () => {
  it('announces a death once, although the tick reports it as died and released', () => {
    const tick: WatchEvent[] = [
      { type: 'owner-died', at: 1, port: 3000, owner: old },
      { type: 'released', at: 1, port: 3000, previous: old },
    ];
    expect(run([tick])).toEqual([
      { port: 3000, title: 'Port 3000: next-server died', body: 'next-server (PID 4242) is gone; port 3000 is free.' },
    ]);
  });

  it('announces an unexpected replacement once, naming both owners', () => {
    const tick: WatchEvent[] = [
      { type: 'owner-died', at: 1, port: 3000, owner: old },
      { type: 'owner-changed', at: 1, port: 3000, from: old, to: fresh },
    ];
    expect(run([tick])).toEqual([
      {
        port: 3000,
        title: 'Port 3000: owner replaced',
        body: 'next-server (PID 4242) died and node (PID 5151) took the port, not Portwarden.',
      },
    ]);
    expect(run([[{ type: 'owner-changed', at: 1, port: 3000, from: old, to: fresh }]])[0]!.title).toBe('Port 3000 has a new owner');
  });

  it('stays quiet about the departure of an owner Portwarden killed, after the action too', () => {
    const tick: WatchEvent[] = [
      { type: 'owner-died', at: 1, port: 3000, owner: old },
      { type: 'owner-changed', at: 1, port: 3000, from: old, to: fresh },
    ];
    expect(run([tick], ctx({ isExpected: (_port, departing) => departing?.pid === old.pid }))).toEqual([]);
  });

  it('stays quiet while Portwarden itself restarts the port', () => {
    const tick: WatchEvent[] = [
      { type: 'owner-died', at: 1, port: 3000, owner: old },
      { type: 'owner-changed', at: 1, port: 3000, from: old, to: fresh },
      { type: 'verdict-changed', at: 1, port: 3000, from: [], to: [verdict('not-answering', 'trouble')] },
    ];
    expect(run([tick], ctx({ isExpected: (p) => p === 3000 }))).toEqual([]);
  });

  it('announces a new warning once, not on every poll while it stays', () => {
    const stale = verdict('stale-build', 'warning', '`.next` rebuilt 31 min after this server started');
    const ticks: WatchEvent[][] = [
      [{ type: 'verdict-changed', at: 1, port: 3000, from: ['healthy'], to: [stale] }],
      [],
      [],
      // another verdict joins; stale-build was already announced
      [{ type: 'verdict-changed', at: 4, port: 3000, from: ['stale-build'], to: [stale, verdict('healthy', 'ok')] }],
    ];
    expect(run(ticks)).toEqual([{ port: 3000, title: 'Port 3000: stale build', body: '`.next` rebuilt 31 min after this server started' }]);
  });

  it('announces a flickering verdict again only after it cleared', () => {
    const down = verdict('not-answering', 'trouble', 'GET / timed out after 2 s');
    const ticks: WatchEvent[][] = [
      [{ type: 'verdict-changed', at: 1, port: 3000, from: ['healthy'], to: [down] }],
      [{ type: 'verdict-changed', at: 2, port: 3000, from: ['not-answering'], to: [verdict('healthy', 'ok')] }],
      [{ type: 'verdict-changed', at: 3, port: 3000, from: ['healthy'], to: [down] }],
    ];
    expect(run(ticks).map((n) => n.title)).toEqual(['Port 3000: not answering', 'Port 3000: not answering']);
  });

  it('does not announce healthy verdicts, unwatched ports, or anything when notifications are off', () => {
    const died: WatchEvent = { type: 'owner-died', at: 1, port: 8080, owner: old };
    expect(run([[died]])).toEqual([]);
    expect(run([[{ type: 'verdict-changed', at: 1, port: 3000, from: ['orphaned'], to: [verdict('healthy', 'ok')] }]])).toEqual([]);
    expect(run([[{ ...died, port: 3000 }]], ctx({ enabled: false }))).toEqual([]);
  });

  it('says nothing when a port merely appears, or is closed by a live owner', () => {
    expect(
      run([[{ type: 'appeared', at: 1, port: 3000, owner: fresh }], [{ type: 'released', at: 2, port: 3000, previous: fresh }]]),
    ).toEqual([]);
  });

  it('announces the worst of several new verdicts', () => {
    const tick: WatchEvent[] = [
      {
        type: 'verdict-changed',
        at: 1,
        port: 3000,
        from: [],
        to: [verdict('orphaned', 'warning'), verdict('zombie', 'trouble', 'state Z')],
      },
    ];
    expect(run([tick])).toEqual([{ port: 3000, title: 'Port 3000: zombie', body: 'state Z' }]);
  });
});

describe('actionNotification', () => {
  const base = actionOutcome('restart', 3000, { actionId: 'restart-3000-1', old, new: fresh, probeStatus: 200 });
  it('says verified only for a verified outcome, and quotes the reason otherwise', () => {
    expect(
      actionNotification({ ...base, action: 'restart', verified: true, summary: 'PID 4242 → 5151, answers 200', reason: null }),
    ).toEqual({
      port: 3000,
      title: 'Restart on port 3000 verified',
      body: 'PID 4242 → 5151, answers 200',
    });
    expect(
      actionNotification({
        ...base,
        action: 'restart',
        verified: false,
        summary: 'restart failed',
        reason: 'Error: listen EADDRINUSE: address already in use :::3000',
      }),
    ).toEqual({ port: 3000, title: 'Restart on port 3000 failed', body: 'Error: listen EADDRINUSE: address already in use :::3000' });
  });
});
