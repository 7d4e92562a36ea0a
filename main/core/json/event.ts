import { isoTime } from '../../shared';
import type { OwnerRef, WatchEvent } from '../types';

const ownerJson = (o: OwnerRef | null) => (o ? { ...o, startTime: isoTime(o.startTime) } : null);

/** The `--json` line of an event: times as ISO strings, like the rest of the CLI's JSON. */
export function eventToJson(e: WatchEvent): Record<string, unknown> {
  switch (e.type) {
    case 'appeared':
      return { ...e, at: isoTime(e.at), owner: ownerJson(e.owner) };
    case 'owner-changed':
      return { ...e, at: isoTime(e.at), from: ownerJson(e.from), to: ownerJson(e.to) };
    case 'owner-died':
      return { ...e, at: isoTime(e.at), owner: ownerJson(e.owner) };
    case 'released':
      return { ...e, at: isoTime(e.at), previous: ownerJson(e.previous) };
    case 'verdict-changed':
      return { ...e, at: isoTime(e.at) };
  }
}
