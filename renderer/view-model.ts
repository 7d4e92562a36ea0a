import { isOtherUsers } from '../main/shared';
import type { SelfInfo } from '../main/core/service';
import type { PortStatus, Snapshot } from '../main/core/types';

// Pure: which rows the inspector lists. No DOM here, so it is tested in plain Node.

export type Scope = 'watched' | 'mine' | 'all';

export interface ListFilter {
  scope: Scope;
  text: string;
}

export interface PortRows {
  rows: PortStatus[];
  /** Watched ports that are free and not shown (a default watch list has dozens). */
  hiddenFree: number;
}

export function visiblePorts(snapshot: Snapshot, filter: ListFilter, self: SelfInfo): PortRows {
  const text = filter.text.trim().toLowerCase();
  const inScope = snapshot.ports.filter((p) => {
    if (filter.scope === 'watched') return p.watched;
    if (filter.scope === 'mine') return p.listener !== null && isMine(p, self);
    return p.listener !== null || (p.watched && text !== '');
  });
  // A free port is only worth a row when asked for by number: otherwise it is one line of noise
  // among sixty.
  const rows = inScope.filter((p) => (p.listener ? matches(p, text) : text !== '' && String(p.port).startsWith(text)));
  const hiddenFree = inScope.filter((p) => !p.listener).length - rows.filter((p) => !p.listener).length;
  return { rows: rows.sort((a, b) => a.port - b.port), hiddenFree };
}

/**
 * The toolbar's one line. It counts the watched ports in use, which is what the Watched list shows
 * by default; counting every listener read as "6 in use" above a list of four.
 */
export function watchSummary(snapshot: Snapshot): string {
  const inUse = snapshot.ports.filter((p) => p.listener);
  const watched = inUse.filter((p) => p.watched).length;
  const all = inUse.length > watched ? ` · ${inUse.length} listening` : '';
  return `${snapshot.paused ? 'Paused' : 'Watching'} · ${watched} watched in use${all}`;
}

export function isMine(p: PortStatus, self: SelfInfo): boolean {
  const uid = p.listener?.owner?.uid ?? p.listener?.socketUid ?? null;
  return uid !== null && uid === self.uid;
}

/** An owner of another user: acting on it needs a confirmation (and usually elevated rights). */
export function isOthers(p: PortStatus, self: SelfInfo): boolean {
  return isOtherUsers(p.listener?.owner?.uid ?? null, self.uid);
}

function matches(p: PortStatus, text: string): boolean {
  if (!text) return true;
  const owner = p.listener?.owner;
  const haystack = [
    String(p.port),
    owner?.name,
    owner ? String(owner.pid) : null,
    owner?.user,
    owner?.cwd,
    owner?.argv.join(' '),
    owner?.forwarder,
    p.project?.name,
    ...(p.launch ?? []).map((n) => n.command),
    // Both the kind ("404-wall") and the words its badge shows ("404 wall"): people type what they read.
    ...p.verdicts.flatMap((v) => [v.kind, kindWords(v.kind)]),
  ];
  return haystack.some((s) => s?.toLowerCase().includes(text));
}

/** A verdict or forwarder kind as the badges spell it: "stale-build" → "stale build". */
export function kindWords(kind: string): string {
  return kind.replace(/-/g, ' ');
}

/** Index to select after a key press in the list; null when the key is not a list key. */
export function nextIndex(key: string, current: number, count: number, page = 10): number | null {
  if (count === 0) return null;
  const at = current < 0 ? -1 : current;
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, at + 1);
    case 'ArrowUp':
      return Math.max(0, at - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'PageDown':
      return Math.min(count - 1, at + page);
    case 'PageUp':
      return Math.max(0, at - page);
    default:
      return null;
  }
}
