import { processLabel } from '../../shared';
import type { OwnerRef, WatchEvent } from '../types';

function who(o: OwnerRef | null): string {
  return o ? processLabel(o) : 'an owner not visible to this user';
}

/** One line per event, for `portwarden watch` and notifications. */
export function describeEvent(e: WatchEvent): string {
  switch (e.type) {
    case 'appeared':
      return `port ${e.port}: now listening, owned by ${who(e.owner)}`;
    case 'owner-changed':
      return `port ${e.port}: owner changed from ${who(e.from)} to ${who(e.to)}`;
    case 'owner-died':
      return `port ${e.port}: owner ${who(e.owner)} died`;
    case 'released':
      return `port ${e.port}: released${e.previous ? ` by ${who(e.previous)}` : ''}, now free`;
    case 'verdict-changed':
      return `port ${e.port}: ${e.to.map((v) => v.explanation).join('; ')} (was ${e.from.join(', ') || 'unknown'})`;
  }
}
