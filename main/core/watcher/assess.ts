import { gatherEvidence, gatherLaunchEvidence, linkDuplicates } from '../evidence';
import type { Probe } from '../evidence';
import type { PortEvidence } from '../evidence';
import type { Scanner } from '../scan';
import type { Settings } from '../settings/schema';
import type { Listener, Verdict } from '../types';
import { computeVerdicts } from '../verdicts';
import type { OwnerFacts } from './snapshot';

export interface Judged {
  evidence: Map<number, PortEvidence>;
  verdicts: Map<number, Verdict[]>;
  facts: Map<number, OwnerFacts>;
}

/** Verdicts for every listener of one scan at once: a duplicate is a fact about two of them. */
export function judgeTogether(gathered: readonly PortEvidence[]): Judged {
  const out: Judged = { evidence: new Map(), verdicts: new Map(), facts: new Map() };
  for (const e of linkDuplicates(gathered)) {
    out.evidence.set(e.port, e);
    out.verdicts.set(e.port, computeVerdicts(e));
    out.facts.set(e.port, { project: e.project ?? null, launch: e.launch?.nodes ?? [] });
  }
  return out;
}

// One-shot commands must answer fast: a probe that takes longer than this counts as not answering.
const ONE_SHOT_PROBE_TIMEOUT_MS = 1000;

export interface Assessment {
  evidence: PortEvidence | null;
  verdicts: Verdict[];
}

export interface AssessOptions {
  scanner: Scanner;
  settings: Settings;
  probe?: Probe | null;
  probeTimeoutMs?: number;
  /**
   * The other listeners of the same scan, not shown: gathered without a probe, only so that a
   * duplicate among them (`who 5173` while a newer copy listens on 5174) is still seen.
   */
  peers?: readonly Listener[];
}

/**
 * Verdicts for listeners seen once, without a watcher's memory (so a launcher that is gone
 * cannot be named): every owner in parallel, each probe with a short timeout.
 */
export async function assessListeners(listeners: readonly Listener[], options: AssessOptions): Promise<Map<number, Assessment>> {
  const timeout = options.probeTimeoutMs ?? Math.min(options.settings.probeTimeoutMs, ONE_SHOT_PROBE_TIMEOUT_MS);
  // A replayed capture's ports are another machine's: probing them here would ask the wrong server.
  const probe = options.scanner.replay ? null : options.probe;
  const shown = new Set(listeners.map((l) => l.port));
  const peers = (options.peers ?? []).filter((l) => !shown.has(l.port));
  const gathered = await Promise.all([
    ...listeners.map((l) => gatherEvidence(l, { source: options.scanner, settings: options.settings, probe, probeTimeoutMs: timeout })),
    ...peers.map((l) => gatherLaunchEvidence(l, options.scanner)),
  ]);
  const { evidence, verdicts } = judgeTogether(gathered.filter((e): e is PortEvidence => e !== null));
  return new Map(
    listeners.map((l): [number, Assessment] => [l.port, { evidence: evidence.get(l.port) ?? null, verdicts: verdicts.get(l.port) ?? [] }]),
  );
}

/**
 * For the one-shot CLI commands: each listener's verdicts under the user's settings (HTTP ports,
 * build dirs). The command loads the settings once, since it also filters by them.
 */
export async function verdictsForCli(
  listeners: readonly Listener[],
  options: { scanner: Scanner; settings: Settings },
): Promise<Map<number, Verdict[]>> {
  const assessed = await assessListeners(listeners, options);
  return new Map([...assessed].map(([port, a]) => [port, a.verdicts]));
}
