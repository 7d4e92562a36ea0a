import type { Probe } from '../evidence';
import type { Scanner } from '../scan';
import type { Settings } from '../settings/schema';
import type { Snapshot, WatchEvent } from '../types';
import type { OwnerHistoryEntry } from './history';

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
  history(port: number): OwnerHistoryEntry[];
  onDidChangeSnapshot(listener: (snapshot: Snapshot) => void): () => void;
  onDidEmitEvent(listener: (event: WatchEvent) => void): () => void;
  onDidFail(listener: (error: Error) => void): () => void;
}
