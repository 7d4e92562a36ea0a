import { afterEach, describe, expect, it } from 'vitest';
import type { Scanner } from '../../../main/core/scan';
import { defaultSettings } from '../../../main/core/settings/schema';
import type { Listener } from '../../../main/core/types';
import { createWatcher, type Watcher } from '../../../main/core/watcher';
import { proc } from '../../app/snapshot-fixtures';
import { waitFor } from '../../helpers/processes';

// The cadence of full scans is a decision the watcher makes; a counting scanner shows it.
const owner = proc();
const listener: Listener = {
  port: 3000,
  protocol: 'tcp',
  addresses: ['127.0.0.1'],
  owner,
  holders: [owner],
  ownerUnavailable: null,
  socketUid: 1000,
};

let watcher: Watcher | null = null;
afterEach(() => watcher?.stop());

function countingWatcher(unchanged: () => boolean) {
  let scans = 0;
  const scansAtCheck: number[] = [];
  const scanner: Scanner = {
    platform: 'test',
    scan: async () => {
      scans++;
      return [listener];
    },
    get: async () => null,
    list: async () => [],
  };
  watcher = createWatcher({
    scanner,
    settings: { ...defaultSettings(), pollIntervalMs: 250, watchedPorts: [], httpPorts: [] },
    platform: 'test' as NodeJS.Platform,
    evidenceIntervalMs: 3_600_000,
    fullScanEvery: 3,
    ownersUnchanged: (holders) => {
      expect(holders).toEqual([owner]);
      scansAtCheck.push(scans);
      return unchanged();
    },
  });
  return { watcher, scansAtCheck, scans: () => scans };
}

describe('full scans between holder checks', () => {
  it('scans fully every third poll while the holders are unchanged', async () => {
    const w = countingWatcher(() => true);
    w.watcher.start();
    await waitFor(() => w.scansAtCheck.length >= 4 || undefined, 10_000, 'four holder checks');
    // full, check, check, full, check, check, …
    expect(w.scansAtCheck.slice(0, 4)).toEqual([1, 1, 2, 2]);
  });

  it('scans at once when a holder changed', async () => {
    const w = countingWatcher(() => false);
    w.watcher.start();
    await waitFor(() => w.scansAtCheck.length >= 3 || undefined, 10_000, 'three holder checks');
    expect(w.scansAtCheck.slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('tick() always scans fully', async () => {
    const w = countingWatcher(() => true);
    await w.watcher.tick();
    await w.watcher.tick();
    await w.watcher.tick();
    expect(w.scans()).toBe(3);
    expect(w.scansAtCheck).toEqual([]);
  });
});

describe('tick() during a poll under way', () => {
  it('polls again after it, so a change made meanwhile is seen (and callers asking together share that poll)', async () => {
    const later = proc({ pid: 4343, startTime: owner.startTime + 5000 });
    let table: Listener[] = [listener];
    let scans = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const scanner: Scanner = {
      platform: 'test',
      scan: async () => {
        const seen = table; // read the table first, as a real scan reads /proc first
        if (scans++ === 0) await gate;
        return seen;
      },
      get: async () => null,
      list: async () => [],
    };
    watcher = createWatcher({
      scanner,
      settings: { ...defaultSettings(), watchedPorts: [], httpPorts: [] },
      platform: 'test' as NodeJS.Platform,
    });
    const first = watcher.tick();
    table = [{ ...listener, owner: later, holders: [later] }];
    const [a, b] = [watcher.tick(), watcher.tick()];
    release();
    expect((await first).ports.find((p) => p.port === 3000)?.listener?.owner?.pid).toBe(owner.pid);
    expect((await a).ports.find((p) => p.port === 3000)?.listener?.owner?.pid).toBe(4343);
    expect(await b).toBe(await a);
    expect(scans).toBe(2);
  });
});

describe('the default cadence', () => {
  it('reads the whole table on every timed poll, so a listener that appears is seen at the next one', async () => {
    let scans = 0;
    let checks = 0;
    let table: Listener[] = [listener];
    const scanner: Scanner = {
      platform: 'test',
      scan: async () => {
        scans++;
        return table;
      },
      get: async () => null,
      list: async () => [],
    };
    watcher = createWatcher({
      scanner,
      settings: { ...defaultSettings(), pollIntervalMs: 250, watchedPorts: [], httpPorts: [] },
      platform: 'test' as NodeJS.Platform,
      evidenceIntervalMs: 3_600_000,
      ownersUnchanged: () => {
        checks++;
        return true;
      },
    });
    watcher.start();
    await waitFor(() => (scans >= 2 ? true : undefined), 5000, 'two polls');
    const other = proc({ pid: 4444 });
    table = [listener, { ...listener, port: 3001, owner: other, holders: [other] }];
    const seenAt = scans;
    await waitFor(() => watcher!.snapshot?.ports.some((p) => p.port === 3001) || undefined, 5000, 'the new listener');
    expect(scans).toBe(seenAt + 1);
    expect(checks).toBe(0);
  });
});
