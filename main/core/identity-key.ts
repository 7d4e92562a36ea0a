import type { Identity } from './types';

/**
 * An identity as a map key (`"<pid>:<start ms>"`): for the caches and sets that hold processes by
 * identity, from the scanners up to the service. Not for people: they get `identityId`.
 */
export function identityKey(id: Identity): string {
  return `${id.pid}:${id.startTime}`;
}
