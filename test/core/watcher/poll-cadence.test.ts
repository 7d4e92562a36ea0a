import { afterEach, describe, expect, it } from 'vitest';
import type { Scanner } from '../../../main/core/scan';
import { defaultSettings } from '../../../main/core/settings/schema';
import type { Listener } from '../../../main/core/types';
import { createWatcher, type Watcher } from '../../../main/core/watcher';
import { proc } from '../../app/snapshot-fixtures';
import { waitFor } from '../../helpers/processes';

// When the watcher reads the port table and when it builds a snapshot: a counting scanner shows it.
const owner = proc();
const listener: Listener = {
  port: 3000,
  protocol: 'tcp',
  addresses: ['127.0.0.1'],
  owner,
  holders: [owner],
  ownerUnavailable: null,
  ownerHidden: null,
  socketUid: 1000,
};

let watcher: Watcher | null = null;
afterEach(() => watcher?.stop());

describe('a poll where nothing changed', () => {
  it('builds nothing when the scanner hands back the very same listeners, and the snapshot again when they are new', async () => {
    let table: Listener[] = [listener];
    const scanner: Scanner = { platform: 'test', scan: async () => table, get: async () => null, list: async () => [] };
    watcher = createWatcher({
      scanner,
      settings: { ...defaultSettings(), watchedPorts: [], httpPorts: [] },
      platform: 'test' as NodeJS.Platform,
      evidenceIntervalMs: 3_600_000,
    });
    let published = 0;
    watcher.onDidChangeSnapshot(() => {
      published++;
    });
    const first = await watcher.tick();
    const same = await watcher.tick();
    expect(same.ports).toBe(first.ports);
    expect(same.at).toBeGreaterThanOrEqual(first.at);

    // Equal values in new objects: built again (the scanner saw something), yet not news.
    table = [{ ...listener }];
    const rebuilt = await watcher.tick();
    expect(rebuilt.ports).not.toBe(first.ports);
    expect(rebuilt.ports).toEqual(first.ports);
    expect(published).toBe(1);

    // New settings build the snapshot again even from the same listeners.
    watcher.updateSettings({ ...defaultSettings(), watchedPorts: [3000], httpPorts: [] });
    const resettled = await watcher.tick();
    expect(resettled.ports).not.toBe(rebuilt.ports);
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

describe('the cadence', () => {
  it('reads the whole table on every timed poll, so a listener that appears is seen at the next one', async () => {
    let scans = 0;
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
    });
    watcher.start();
    await waitFor(() => (scans >= 2 ? true : undefined), 5000, 'two polls');
    const other = proc({ pid: 4444 });
    table = [listener, { ...listener, port: 3001, owner: other, holders: [other] }];
    const seenAt = scans;
    await waitFor(() => watcher!.snapshot?.ports.some((p) => p.port === 3001) || undefined, 5000, 'the new listener');
    expect(scans).toBe(seenAt + 1);
  });
});
