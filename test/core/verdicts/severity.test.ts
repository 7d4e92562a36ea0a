import { describe, expect, it } from 'vitest';
import { worstSeverity } from '../../../main/core/verdicts';

describe('worstSeverity', () => {
  it('of nothing is ok', () => {
    expect(worstSeverity([])).toBe('ok');
  });

  it('is the worst of the verdicts, whatever their order', () => {
    const v = (severity: 'ok' | 'info' | 'warning' | 'trouble') => ({ kind: 'healthy' as const, severity, explanation: '', evidence: {} });
    expect(worstSeverity([v('warning'), v('trouble'), v('info')])).toBe('trouble');
    expect(worstSeverity([v('info'), v('warning')])).toBe('warning');
  });
});
