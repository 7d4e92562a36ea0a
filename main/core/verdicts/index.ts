import type { PortEvidence } from '../evidence/types';
import type { Severity, Verdict } from '../types';
import { RULES } from './rules';

const RANK: Record<Severity, number> = { ok: 0, info: 1, warning: 2, trouble: 3 };

export function worstSeverity(verdicts: readonly Verdict[]): Severity {
  let worst: Severity = 'ok';
  for (const v of verdicts) if (RANK[v.severity] > RANK[worst]) worst = v.severity;
  return worst;
}

/** Evidence in, verdicts out, worst first; `healthy` when no rule applies. Pure. */
export function computeVerdicts(e: PortEvidence): Verdict[] {
  const verdicts = RULES.map((rule) => rule(e)).filter((v): v is Verdict => v !== null);
  if (verdicts.length > 0) return verdicts.sort((a, b) => RANK[b.severity] - RANK[a.severity]);
  const answered = e.probe?.outcome === 'answered' ? `; GET ${e.probe.url} answered ${e.probe.status}` : '';
  return [
    {
      kind: 'healthy',
      severity: 'ok',
      explanation: `healthy: PID ${e.owner.pid} is ${e.owner.state}${answered}`,
      evidence: { owner: e.owner, probe: e.probe },
    },
  ];
}
