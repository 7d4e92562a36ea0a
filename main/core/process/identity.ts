import type { Identity } from '../types';

export function sameIdentity(a: Identity, b: Identity): boolean {
  return a.pid === b.pid && a.startTime === b.startTime;
}

/** The identity as one token a person can copy: `"<pid>@<ISO start time>"`, e.g. `4242@2026-12-02T10:02:03.123Z`. */
export function identityId(identity: Identity): string {
  return `${identity.pid}@${new Date(identity.startTime).toISOString()}`;
}

const ID = /^(\d+)@(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z)$/;

/** The identity an `identityId` names, or null when the text is not one (a bare PID is not an identity). */
export function parseIdentityId(text: string): Identity | null {
  const m = ID.exec(text.trim());
  if (!m) return null;
  const pid = Number(m[1]);
  const startTime = Date.parse(m[2]!);
  if (!Number.isSafeInteger(pid) || pid <= 0 || Number.isNaN(startTime)) return null;
  return { pid, startTime };
}
