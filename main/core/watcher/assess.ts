import { gatherEvidence } from '../evidence';
import type { Probe } from '../evidence';
import type { PortEvidence } from '../evidence';
import type { Scanner } from '../scan';
import type { Settings } from '../settings/schema';
import type { Listener, Verdict } from '../types';
import { computeVerdicts } from '../verdicts';

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
}

/**
 * Verdicts for listeners seen once, without a watcher's memory (so a launcher that is gone
 * cannot be named): every owner in parallel, each probe with a short timeout.
 */
export async function assessListeners(listeners: readonly Listener[], options: AssessOptions): Promise<Map<number, Assessment>> {
  const timeout = options.probeTimeoutMs ?? Math.min(options.settings.probeTimeoutMs, ONE_SHOT_PROBE_TIMEOUT_MS);
  const results = await Promise.all(
    listeners.map(async (l): Promise<[number, Assessment]> => {
      // A replayed capture's ports are another machine's: probing them here would ask the wrong server.
      const probe = options.scanner.replay ? null : options.probe;
      const evidence = await gatherEvidence(l, { source: options.scanner, settings: options.settings, probe, probeTimeoutMs: timeout });
      return [l.port, { evidence, verdicts: evidence ? computeVerdicts(evidence) : [] }];
    }),
  );
  return new Map(results);
}

/**
 * For the one-shot CLI commands: each listener's verdicts under the user's settings (HTTP ports,
 * build dirs). The command loads the settings once, since it also filters by them.
 */
export async function verdictsForCli(listeners: readonly Listener[], options: { scanner: Scanner; settings: Settings }): Promise<Map<number, Verdict[]>> {
  const assessed = await assessListeners(listeners, options);
  return new Map([...assessed].map(([port, a]) => [port, a.verdicts]));
}
