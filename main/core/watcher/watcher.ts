import { type PortEvidence, ownerEvidence, probeHttp } from '../evidence';
import type { Scanner } from '../scan';
import { type Settings, toRanges } from '../settings/schema';
import type { Listener, Snapshot, WatchEvent } from '../types';
import { judgeTogether } from './assess';
import { diffSnapshots } from './diff';
import { Emitter } from '../emitter';
import { type OwnerHistoryEntry, OwnerHistory } from './history';
import { vanishedOwnersDead } from './liveness';
import type { Clock, Watcher, WatcherOptions } from './watcher-types';
import { type GatherMode, gatherSlowEvidence, launchChainBroken, newOwnerRecord, type OwnerRecord } from './owner-record';
import { PortProbes } from './port-probes';
import { buildSnapshot, snapshotSignature } from './snapshot';
import { identityKey } from '../identity-key';

export function createWatcher(options: WatcherOptions): Watcher {
  return new PollingWatcher(options);
}

/**
 * Polls the port table and turns differences into events. Every poll reads the whole table (with
 * netlink a scan where nothing changed costs well under a millisecond). A poll where nothing
 * changed costs that cached scan (the scanner hands back the very same listeners) and a liveness
 * check of each owner's launch chain, and builds nothing; parent chains are read once per new
 * owner (the launcher must be seen while it is alive), the slower evidence every
 * `evidenceIntervalMs`, and each HTTP port is probed at most every `probeIntervalMs`, off the tick.
 */
class PollingWatcher implements Watcher {
  private settings: Settings;
  private readonly scanner: Scanner;
  private readonly clock: Clock;
  private readonly platform: NodeJS.Platform;
  private readonly evidenceIntervalMs: number;
  private readonly owners = new Map<string, OwnerRecord>();
  private readonly probes: PortProbes;
  private readonly ownerHistory: OwnerHistory;
  private readonly snapshots = new Emitter<Snapshot>();
  private readonly events = new Emitter<WatchEvent>();
  private readonly failures = new Emitter<Error>();
  private current: Snapshot | null = null;
  /** The one change detector: a snapshot is news only when its signature differs (or events came). */
  private signature = '';
  private listeners: Listener[] = [];
  /** Settings changed (or the watcher resumed) since the last poll: the snapshot is built again even if the listeners are not new. */
  private dirty = true;
  private timer: NodeJS.Timeout | null = null;
  private inTick: Promise<Snapshot> | null = null;
  private nextTick: Promise<Snapshot> | null = null;
  private started = false;
  private paused = false;
  private emitInitial: boolean;

  constructor(private readonly options: WatcherOptions) {
    this.settings = options.settings;
    this.scanner = options.scanner;
    this.clock = options.clock ?? Date;
    this.probes = new PortProbes(options.probe ?? probeHttp, () => this.reevaluate());
    this.platform = options.platform ?? process.platform;
    this.evidenceIntervalMs = options.evidenceIntervalMs ?? 30_000;
    this.ownerHistory = new OwnerHistory(options.historyLimit);
    this.emitInitial = options.emitInitial ?? false;
  }

  get snapshot(): Snapshot | null {
    return this.current;
  }

  get running(): boolean {
    return this.started && !this.paused;
  }

  readonly onDidChangeSnapshot = this.snapshots.event;
  readonly onDidEmitEvent = this.events.event;
  readonly onDidFail = this.failures.event;

  start(): void {
    if (this.started) return;
    this.started = true;
    if (!this.paused) this.schedule(0);
  }

  stop(): void {
    this.started = false;
    this.clearTimer();
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.clearTimer();
    if (this.current) this.publish({ ...this.current, paused: true }, []);
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.dirty = true;
    if (this.current) this.publish({ ...this.current, paused: false }, []);
    if (this.started) this.schedule(0);
  }

  updateSettings(settings: Settings): void {
    this.settings = settings;
    this.dirty = true;
    // Build dirs, HTTP ports or the probe path may have changed: gather everything again.
    for (const record of this.owners.values()) record.evidenceAt = 0;
    this.probes.clear();
    if (this.running) {
      this.clearTimer();
      this.schedule(0);
    }
  }

  history(port: number): OwnerHistoryEntry[] {
    return this.ownerHistory.get(port);
  }

  async idle(): Promise<void> {
    while (true) {
      const pending = this.probes.inFlight();
      if (pending.length === 0 && !this.inTick) return;
      await Promise.all([...pending, this.inTick?.catch(() => undefined)]);
    }
  }

  tick(): Promise<Snapshot> {
    return this.poll(true);
  }

  /**
   * The one poll path, for the timer (`asked` false) and for tick(). A poll asked for while one is
   * under way follows it, shared by everyone who asks meanwhile: that poll may have read the port
   * table before the caller's change (a restart's new owner). The timer never queues: it takes
   * the poll under way.
   */
  private poll(asked: boolean): Promise<Snapshot> {
    if (this.inTick) {
      if (!asked) return this.inTick;
      this.nextTick ??= this.inTick
        .catch(() => undefined)
        .then(() => {
          this.nextTick = null;
          return this.poll(true);
        });
      return this.nextTick;
    }
    this.inTick = this.scanAndPublish().finally(() => (this.inTick = null));
    return this.inTick;
  }

  private schedule(delay: number): void {
    this.clearTimer();
    this.timer = setTimeout(async () => {
      this.timer = null;
      const started = this.clock.now();
      try {
        await this.poll(false);
      } catch (err) {
        this.failures.fire(err instanceof Error ? err : new Error(String(err)));
      }
      // Interval measured from the tick's start, so a slow tick does not delay detection further.
      if (this.running && !this.timer) this.schedule(Math.max(0, this.settings.pollIntervalMs - (this.clock.now() - started)));
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async scanAndPublish(): Promise<Snapshot> {
    const dirty = this.dirty;
    this.dirty = false;
    const listeners = await this.scanner.scan();
    const now = this.clock.now();
    let gathered = false;
    const seen = new Set<string>();
    for (const l of listeners) {
      if (!l.owner) continue;
      const key = identityKey(l.owner);
      seen.add(key);
      let record = this.owners.get(key);
      if (!record) {
        record = await newOwnerRecord(l.owner, this.scanner);
        this.owners.set(key, record);
        await this.gatherSlow(record, 'full');
        gathered = true;
      } else {
        const reparented =
          l.owner.ppid !== record.info.ppid || (record.memory.reparentedAt === null && launchChainBroken(record, this.platform));
        record.info = l.owner;
        if (reparented) {
          // The parent exited just now (or since the last tick): the moment to name it.
          record.memory.reparentedAt ??= now;
          await this.gatherSlow(record, 'reparent');
          gathered = true;
        } else if (now - record.evidenceAt >= this.evidenceIntervalMs) {
          await this.gatherSlow(record, 'periodic');
          gathered = true;
        }
      }
    }
    for (const key of this.owners.keys()) if (!seen.has(key)) this.owners.delete(key);
    const previous = this.current;
    const same = previous !== null && !dirty && !gathered && sameListeners(listeners, this.listeners);
    this.listeners = listeners;
    this.probes.schedule(listeners, this.settings, now);
    // The very same listeners and no new evidence: the snapshot would be the same one (probe
    // results arrive through reevaluate), so nothing is built, compared or sent.
    if (same) {
      this.current = { ...previous, at: now };
      return this.current;
    }

    const next = this.buildSnapshot(now);
    const dead = await vanishedOwnersDead(this.scanner, previous, listeners);
    const events = diffSnapshots(previous, next, now, (o) => !dead.has(identityKey(o)));
    for (const e of events) this.ownerHistory.record(e);
    const quietStart = previous === null && !this.emitInitial;
    this.publish(next, quietStart ? [] : events);
    return next;
  }

  private async gatherSlow(record: OwnerRecord, mode: GatherMode): Promise<void> {
    const { procRoot } = this.options;
    await gatherSlowEvidence(record, mode, {
      source: this.scanner,
      buildDirs: this.settings.buildDirs,
      platform: this.platform,
      procRoot,
      now: () => this.clock.now(),
    });
  }

  /** A probe landed: verdicts may change, owners have not. */
  private reevaluate(): void {
    if (!this.current) return;
    const next = this.buildSnapshot(this.current.at);
    this.publish(next, diffSnapshots(this.current, next, this.clock.now()));
  }

  private evidenceFor(port: number, record: OwnerRecord): PortEvidence {
    return {
      port,
      owner: ownerEvidence(record.info),
      ancestry: record.ancestry,
      build: record.build,
      deletedFiles: record.deletedFiles,
      probe: this.probes.resultFor(port, identityKey(record.info)),
      launch: record.launch,
      project: record.project,
    };
  }

  private buildSnapshot(at: number): Snapshot {
    const gathered: PortEvidence[] = [];
    for (const l of this.listeners) {
      const record = l.owner ? this.owners.get(identityKey(l.owner)) : undefined;
      if (record) gathered.push(this.evidenceFor(l.port, record));
    }
    const { verdicts, facts } = judgeTogether(gathered);
    return buildSnapshot(this.listeners, verdicts, toRanges(this.settings.watchedPorts), at, this.paused, facts);
  }

  private publish(next: Snapshot, events: WatchEvent[]): void {
    this.current = next;
    for (const e of events) this.events.fire(e);
    const signature = snapshotSignature(next);
    if (signature === this.signature && events.length === 0) return;
    this.signature = signature;
    this.snapshots.fire(next);
  }
}

/** Element by element the very same objects: the scanner hands back its last listeners when nothing changed. */
function sameListeners(a: readonly Listener[], b: readonly Listener[]): boolean {
  return a.length === b.length && a.every((l, i) => l === b[i]);
}
