import { compareSeverity, worstOf } from '../../shared';
import type { PortEvidence } from '../evidence';
import type { Severity, Verdict } from '../types';
import { RULES } from './rules';

export function worstSeverity(verdicts: readonly Verdict[]): Severity {
  return worstOf(verdicts.map((v) => v.severity));
}

/** Evidence in, verdicts out, worst first; `healthy` when no rule applies. Pure. */
export function computeVerdicts(e: PortEvidence): Verdict[] {
  const verdicts = RULES.map((rule) => rule(e)).filter((v): v is Verdict => v !== null);
  if (verdicts.length > 0) return verdicts.sort((a, b) => compareSeverity(b.severity, a.severity));
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
