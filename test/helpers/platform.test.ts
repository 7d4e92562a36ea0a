import { describe, expect, it, vi } from 'vitest';
import { onlyWhere } from './platform';

describe('onlyWhere', () => {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const elsewhere = onlyWhere(false, 'Plan 9', 'reads /proc/plan9');
  onlyWhere(false, 'Plan 9', 'reads /proc/plan9');
  const here = onlyWhere(true, 'this OS', 'never said');
  const said = [...log.mock.calls];
  log.mockRestore();

  it('prints one SKIP line per reason, and nothing for a test that runs', () => {
    expect(said).toEqual([[`SKIP on ${process.platform}: reads /proc/plan9 (needs Plan 9)`]]);
  });

  elsewhere.it('skips the test where it cannot run', () => {
    throw new Error('ran where it should have been skipped');
  });

  let ran = false;
  here.it('runs the test where it can', () => {
    ran = true;
  });
  it('(the guarded test above ran)', () => expect(ran).toBe(true));
});
