import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCEPTED_FINDINGS } from './accepted-findings';

// Electronegativity (Doyensec) over the code that ships: main/, preload/, renderer/ and the
// package.json it reads the Electron version from. It runs offline: the one check that downloads
// Electron's release list (AvailableSecurityFixesGlobalCheck) is excluded, because a test whose
// verdict depends on the network and today's date is not a test; Electron updates are handled as
// dependency updates (see SECURITY.md).

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  description: string;
  severity: { name: string };
  confidence: { name: string };
  sample?: string;
}
interface AuditResult {
  globalChecks: number;
  atomicChecks: number;
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: Finding[];
}

const root = join(__dirname, '..', '..');
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];

async function audit(input: string): Promise<AuditResult> {
  // The runner looks up translations by LANG (and fetches them from the network with a 1 s timeout,
  // falling back to its bundled English when offline): pin it so messages read the same everywhere.
  process.env.LANG = 'en-US';
  const run = require('@doyensec/electronegativity') as (options: Record<string, unknown>) => Promise<AuditResult>;
  return run({
    input,
    output: null,
    isSarif: false,
    customScan: [],
    excludeFromScan: EXCLUDED_CHECKS,
    isRelative: true,
    isVerbose: false,
    parserPlugins: [],
  });
}

const describeFinding = (f: Finding) =>
  `${f.id} in ${f.file}:${f.location.line} (${f.severity.name}/${f.confidence.name}): ${f.description}${f.sample ? `\n    ${f.sample.slice(0, 200)}` : ''}`;

describe('Electronegativity audit', () => {
  let stage: string;
  let result: AuditResult;

  beforeAll(async () => {
    stage = mkdtempSync(join(tmpdir(), 'pw-audit-'));
    cpSync(join(root, 'package.json'), join(stage, 'package.json'));
    for (const dir of ['main', 'preload', 'renderer']) cpSync(join(root, dir), join(stage, dir), { recursive: true });
    result = await audit(stage);
  }, 120_000);
  afterAll(() => rmSync(stage, { recursive: true, force: true }));

  it('parses every source file (a file it cannot parse is a file it did not check)', () => {
    expect(result.atomicChecks).toBeGreaterThan(20);
    expect(result.errors.filter((e) => !e.tolerable).map((e) => `${e.file}: ${e.message}`)).toEqual([]);
  });

  it('finds nothing that is not reviewed and accepted in SECURITY.md', () => {
    const open = result.issues.filter((f) => !ACCEPTED_FINDINGS.some((a) => a.id === f.id && a.file === f.file));
    expect(
      open.map(describeFinding),
      'fix these, or record in SECURITY.md and test/security/accepted-findings.ts why they do not apply',
    ).toEqual([]);
  });

  it('has no accepted finding that no longer occurs (remove it from the list and SECURITY.md)', () => {
    const stale = ACCEPTED_FINDINGS.filter((a) => !result.issues.some((f) => f.id === a.id && f.file === a.file));
    expect(stale.map((a) => `${a.id} in ${a.file}`)).toEqual([]);
  });

  it('explains every accepted finding in SECURITY.md', () => {
    const security = readFileSync(join(root, 'SECURITY.md'), 'utf8');
    for (const a of ACCEPTED_FINDINGS) expect(security, `${a.id} in ${a.file}`).toContain(`\`${a.id}\` in \`${a.file}\``);
  });
});

describe('the audit itself', () => {
  it('does flag an insecure app (so a clean run means something)', async () => {
    const result = await audit(join(__dirname, 'fixtures', 'insecure-app'));
    const ids = new Set(result.issues.map((f) => f.id));
    // Window options turned off, an unchecked openExternal, and the app-wide guards that are missing
    // (no CSP, no navigation limits, no permission handler): each of these Portwarden has.
    for (const id of [
      'CONTEXT_ISOLATION_JS_CHECK',
      'SANDBOX_JS_CHECK',
      'WEB_SECURITY_JS_CHECK',
      'OPEN_EXTERNAL_JS_CHECK',
      'CSP_GLOBAL_CHECK',
      'LIMIT_NAVIGATION_GLOBAL_CHECK',
      'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
    ]) {
      expect(ids, id).toContain(id);
    }
  }, 120_000);
});
