import type { OwnerRef, WatchEvent } from '../types';

/** One entry of a port's owner history, as the inspector lists it. */
export interface OwnerHistoryEntry {
  at: number;
  type: 'appeared' | 'owner-changed' | 'owner-died' | 'released';
  /** The owner from then on (null: nobody, or not visible). */
  owner: OwnerRef | null;
  previous: OwnerRef | null;
}

/** Owner changes per port, newest last, bounded so a flapping port cannot grow without end. */
export class OwnerHistory {
  private readonly byPort = new Map<number, OwnerHistoryEntry[]>();
  constructor(private readonly limit = 50) {}

  record(event: WatchEvent): void {
    let change: OwnerHistoryEntry | null = null;
    switch (event.type) {
      case 'appeared':
        change = { at: event.at, type: event.type, owner: event.owner, previous: null };
        break;
      case 'owner-changed':
        change = { at: event.at, type: event.type, owner: event.to, previous: event.from };
        break;
      case 'owner-died':
        change = { at: event.at, type: event.type, owner: null, previous: event.owner };
        break;
      case 'released':
        change = { at: event.at, type: event.type, owner: null, previous: event.previous };
        break;
      case 'verdict-changed':
        return;
    }
    const list = this.byPort.get(event.port) ?? [];
    list.push(change);
    if (list.length > this.limit) list.splice(0, list.length - this.limit);
    this.byPort.set(event.port, list);
  }

  get(port: number): OwnerHistoryEntry[] {
    return [...(this.byPort.get(port) ?? [])];
  }
}
