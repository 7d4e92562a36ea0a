import type { Severity } from '../core/types';

/** ok < info < warning < trouble: the one order the verdicts, the tray icon and the notifications use. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { ok: 0, info: 1, warning: 2, trouble: 3 };

export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

export function worstOf(severities: Iterable<Severity>): Severity {
  let worst: Severity = 'ok';
  for (const s of severities) if (SEVERITY_RANK[s] > SEVERITY_RANK[worst]) worst = s;
  return worst;
}

/** Worth a badge, a count or a notification: `info` is said in the inspector, never raised. */
export function isProblem(severity: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK.warning;
}
