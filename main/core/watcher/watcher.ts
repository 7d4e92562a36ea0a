import { ownerEvidence } from '../evidence';
import { type Probe, probeHttp } from '../evidence';
import type { PortEvidence } from '../evidence';
import type { Scanner } from '../scan';
import { type Settings, toRanges } from '../settings/schema';
import type { Identity, Listener, Snapshot, WatchEvent } from '../types';
import { sleep } from '../wait';
import { judgeTogether } from './assess';
import { diffSnapshots } from './diff';
import { Emitter } from '../emitter';
import { type OwnerChange, OwnerHistory } from './history';
import { holdersAlive, type OwnersUnchanged } from './liveness';
import { type GatherMode, gatherSlowEvidence, launchChainBroken, newOwnerRecord, type OwnerRecord } from './owner-record';
import { PortProbes } from './port-probes';
import { buildSnapshot, identityKey, snapshotSignature } from './snapshot';

export interface Clock {
  now(): number;
}

export interface WatcherOptions {
  scanner: Scanner;
  settings: Settings;
  clock?: Clock;
  probe?: Probe;
  platform?: NodeJS.Platform;
  procRoot?: string;
  /** How often each owner's slower evidence (leaders, build dirs, deleted files) is read again. */
  evidenceIntervalMs?: number;
  historyLimit?: number;
  /** Report the ports already listening at the first tick as `appeared` (the CLI's `watch` does not). */
  emitInitial?: boolean;
  /**
   * The timer's polls read the whole port table only every `fullScanEvery`-th time; in between
   * they check that the known holders are alive, and scan at once when one is not. Deaths are
   * seen within one interval; new listeners, stops, zombies and re-parenting within this many.
   * `tick()` always scans fully. Default 3; 1 scans every time.
   */
  fullScanEvery?: number;
  /** How the in-between polls check the holders; null: always scan fully. Default: signal 0. */
  ownersUnchanged?: OwnersUnchanged | null;
}

export interface Watcher {
  start(): void;
  stop(): void;
  pause(): void;
  resume(): void;
  readonly snapshot: Snapshot | null;
  readonly running: boolean;
  /** One full poll, now. Rejects when the scan fails (the timer loop reports that via onDidFail). */
  tick(): Promise<Snapshot>;
  /** Resolves once the probes in flight have landed in the snapshot. */
  idle(): Promise<void>;
  updateSettings(settings: Settings): void;
  /** Owner changes on a port, oldest first. */
  history(port: number): OwnerChange[];
  /** Everything known about a port's owner, gathered afresh (deleted files included). */
  inspect(port: number): Promise<PortEvidence | null>;
  onDidChangeSnapshot(listener: (snapshot: Snapshot) => void): () => void;
  onDidEmitEvent(listener: (event: WatchEvent) => void): () => void;
  onDidFail(listener: (error: Error) => void): () => void;
}

const EXIT_RECHECKS = 5;
const EXIT_RECHECK_MS = 10;

/** What the snapshot is built from, per listener: when it is unchanged, so is the snapshot. */
function listenersKey(listeners: readonly Listener[]): string {
  let key = '';
  for (const l of listeners) {
    const o = l.owner;
    key += `${l.port}|${l.addresses.join(',')}|${o ? `${o.pid}:${o.startTime}:${o.state}:${o.ppid}` : l.ownerUnavailable}|${l.holders.length};`;
  }
  return key;
}

export function createWatcher(options: WatcherOptions): Watcher {
  return new PollingWatcher(options);
}

/**
 * Polls the port table and turns differences into events. A tick where nothing changed costs a
 * cached scan (the scanner re-checks known owners with a readlink and a stat read) and a diff;
 * parent chains are read once per new owner (the launcher must be seen while it is alive), the
 * slower evidence every `evidenceIntervalMs`, and each HTTP port is probed at most every
 * `probeIntervalMs`, off the tick.
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
  private signature = '';
  private listeners: Listener[] = [];
  private listenersKey = '';
  /** Evidence was gathered or settings changed since the last snapshot was built. */
  private dirty = true;
  private timer: NodeJS.Timeout | null = null;
  private inTick: Promise<Snapshot> | null = null;
  private nextTick: Promise<Snapshot> | null = null;
  private started = false;
  private paused = false;
  private emitInitial: boolean;
  private readonly fullScanEvery: number;
  private readonly ownersUnchanged: OwnersUnchanged | null;
  private pollsSinceFullScan = 0;

  constructor(private readonly options: WatcherOptions) {
    this.settings = options.settings;
    this.scanner = options.scanner;
    this.clock = options.clock ?? Date;
    this.probes = new PortProbes(options.probe ?? probeHttp, () => this.reevaluate());
    this.platform = options.platform ?? process.platform;
    this.evidenceIntervalMs = options.evidenceIntervalMs ?? 30_000;
    this.ownerHistory = new OwnerHistory(options.historyLimit);
    this.emitInitial = options.emitInitial ?? false;
    this.fullScanEvery = Math.max(1, options.fullScanEvery ?? 3);
    this.ownersUnchanged = options.ownersUnchanged !== undefined ? options.ownersUnchanged : holdersAlive;
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
    // Anything may have happened meanwhile: the next poll reads the whole table.
    this.pollsSinceFullScan = this.fullScanEvery;
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

  history(port: number): OwnerChange[] {
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
    if (!this.inTick) {
      this.inTick = this.poll().finally(() => (this.inTick = null));
      return this.inTick;
    }
    // The poll under way may have read the port table before the caller's change (a restart's
    // new owner): one more poll follows it, shared by everyone who asks meanwhile.
    this.nextTick ??= this.inTick
      .catch(() => undefined)
      .then(() => {
        this.nextTick = null;
        return this.tick();
      });
    return this.nextTick;
  }

  /** The timer's poll: a full scan, or only a check of the known holders when one is not due. */
  private timedTick(): Promise<Snapshot> {
    if (this.inTick) return this.inTick;
    const now = this.clock.now();
    const holders = this.listeners.flatMap((l) => l.holders);
    const evidenceDue = [...this.owners.values()].some((r) => now - r.evidenceAt >= this.evidenceIntervalMs);
    const cheap =
      this.current !== null &&
      !this.dirty &&
      !evidenceDue &&
      this.ownersUnchanged !== null &&
      this.pollsSinceFullScan + 1 < this.fullScanEvery &&
      this.ownersUnchanged(holders);
    if (!cheap) return this.tick();
    this.pollsSinceFullScan++;
    this.probes.schedule(this.listeners, this.settings, now);
    this.current = { ...this.current!, at: now };
    return Promise.resolve(this.current);
  }

  async inspect(port: number): Promise<PortEvidence | null> {
    const listener = this.listeners.find((l) => l.port === port);
    const owner = listener?.owner;
    if (!owner) return null;
    const record = this.owners.get(identityKey(owner)) ?? (await newOwnerRecord(owner, this.scanner));
    await this.gatherSlow(record, 'full');
    return this.evidenceFor(port, record);
  }

  private schedule(delay: number): void {
    this.clearTimer();
    this.timer = setTimeout(async () => {
      this.timer = null;
      const started = this.clock.now();
      try {
        await this.timedTick();
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

  private async poll(): Promise<Snapshot> {
    this.pollsSinceFullScan = 0;
    const listeners = await this.scanner.scan();
    const now = this.clock.now();
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
      } else {
        const reparented = l.owner.ppid !== record.info.ppid || (record.memory.reparentedAt === null && launchChainBroken(record, this.platform));
        record.info = l.owner;
        if (reparented) {
          // The parent exited just now (or since the last tick): the moment to name it.
          record.memory.reparentedAt ??= now;
          await this.gatherSlow(record, 'reparent');
        } else if (now - record.evidenceAt >= this.evidenceIntervalMs) {
          await this.gatherSlow(record, 'periodic');
        }
      }
    }
    for (const key of this.owners.keys()) if (!seen.has(key)) this.owners.delete(key);
    this.listeners = listeners;
    this.probes.schedule(listeners, this.settings, now);

    const key = listenersKey(listeners);
    const previous = this.current;
    if (previous && !this.dirty && key === this.listenersKey && previous.paused === this.paused) {
      // The common tick: same owners in the same states, no new evidence. Same snapshot, newer time.
      this.current = { ...previous, at: now };
      return this.current;
    }
    this.listenersKey = key;
    this.dirty = false;
    const next = this.buildSnapshot(now);
    const dead = await this.vanishedOwnersDead(previous, listeners);
    const events = diffSnapshots(previous, next, now, (o) => !dead.has(identityKey(o)));
    for (const e of events) this.ownerHistory.record(e);
    const quietStart = previous === null && !this.emitInitial;
    this.publish(next, quietStart ? [] : events);
    return next;
  }

  private async gatherSlow(record: OwnerRecord, mode: GatherMode): Promise<void> {
    const { procRoot } = this.options;
    await gatherSlowEvidence(record, mode, { source: this.scanner, buildDirs: this.settings.buildDirs, platform: this.platform, procRoot, now: () => this.clock.now() });
    this.dirty = true;
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

  /** Owners that left a port: alive (closed the socket, handed it on) or dead? Only those are asked. */
  private async vanishedOwnersDead(previous: Snapshot | null, listeners: Listener[]): Promise<Set<string>> {
    const dead = new Set<string>();
    if (!previous) return dead;
    const holding = new Set(listeners.flatMap((l) => (l.owner ? [`${l.port}/${identityKey(l.owner)}`] : [])));
    for (const p of previous.ports) {
      const o = p.listener?.owner;
      if (!o || holding.has(`${p.port}/${identityKey(o)}`)) continue;
      if (await this.isGone(o)) dead.add(identityKey(o));
    }
    return dead;
  }

  private async isGone(owner: Identity): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      const now = await this.scanner.get(owner.pid);
      if (!now || now.startTime !== owner.startTime || now.state === 'zombie' || now.state === 'dead') return true;
      // A killed process closes its sockets a moment before it turns zombie: give an exit in
      // progress that moment rather than report a death as a mere release.
      if (attempt === EXIT_RECHECKS) return false;
      await sleep(EXIT_RECHECK_MS);
    }
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
