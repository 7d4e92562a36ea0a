import { probePathFor } from '../evidence';
import type { Probe } from '../evidence';
import type { ProbeResult } from '../evidence';
import type { Settings } from '../settings/schema';
import type { Listener } from '../types';
import { identityKey } from '../identity-key';

interface ProbeState {
  owner: string;
  at: number;
  result: ProbeResult | null;
  inFlight: Promise<void> | null;
}

function sameAnswer(a: ProbeResult | null, b: ProbeResult): boolean {
  return a !== null && a.outcome === b.outcome && a.status === b.status && a.url === b.url;
}

/**
 * The watcher's HTTP probes, off the tick: each HTTP port at most every `probeIntervalMs`, never
 * two at once on one port. `onDidChange` runs when a probe answers differently from the last one.
 */
export class PortProbes {
  private readonly states = new Map<number, ProbeState>();

  constructor(
    private readonly probe: Probe,
    private readonly onDidChange: () => void,
  ) {}

  /** Starts the probes that are due; forgets ports that stopped listening. */
  schedule(listeners: readonly Listener[], settings: Settings, now: number): void {
    const live = new Set<number>();
    for (const l of listeners) {
      if (!l.owner) continue;
      const path = probePathFor(l.port, settings);
      if (!path) continue;
      live.add(l.port);
      const owner = identityKey(l.owner);
      const state = this.states.get(l.port);
      const sameOwner = state?.owner === owner;
      if (sameOwner && (state.inFlight || now - state.at < settings.probeIntervalMs)) continue;
      const next: ProbeState = { owner, at: now, result: sameOwner ? state.result : null, inFlight: null };
      next.inFlight = this.probe({ port: l.port, addresses: l.addresses, path, timeoutMs: settings.probeTimeoutMs })
        .catch((err: unknown): ProbeResult => ({ url: null, outcome: 'error', status: null, detail: String(err), at: now, elapsedMs: 0 }))
        .then((result) => {
          const before = next.result;
          next.result = result;
          next.inFlight = null;
          // Most probes answer as they did last time: then no verdict can change, skip the rebuild.
          if (this.states.get(l.port) === next && !sameAnswer(before, result)) this.onDidChange();
        });
      this.states.set(l.port, next);
    }
    for (const port of this.states.keys()) if (!live.has(port)) this.states.delete(port);
  }

  /** The last answer on `port`, if it was the answer of this owner (identity key). */
  resultFor(port: number, owner: string): ProbeResult | null {
    const state = this.states.get(port);
    return state?.owner === owner ? state.result : null;
  }

  inFlight(): Promise<void>[] {
    return [...this.states.values()].flatMap((s) => (s.inFlight ? [s.inFlight] : []));
  }

  /** Settings changed (HTTP ports, probe path): probe everything again; answers in flight are dropped. */
  clear(): void {
    this.states.clear();
  }
}
