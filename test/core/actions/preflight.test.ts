import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { launchProblem } from '../../../main/core/actions/preflight';
import { decidePrivilege } from '../../../main/core/actions/run-as-owner';
import type { Recipe } from '../../../main/core/recipes';
import { posixOnly } from '../../helpers/platform';
import { proc } from '../kill/process-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'pw-preflight-'));
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const recipe = (command: Recipe['command'], over: Partial<Recipe> = {}): Recipe => ({
  command,
  cwd: dir,
  source: 'command-line',
  origin: 'test',
  ...over,
});
const nobody = { uid: 65534, gid: 65534, user: 'nobody', home: '/nonexistent', shell: '/usr/sbin/nologin' };

posixOnly('checks POSIX mode bits and /bin/sh').describe('launchProblem', () => {
  it('finds programs on PATH, by path, and the first plain word of a shell line; skips shell words', () => {
    expect(launchProblem(recipe(['sh', '-c', 'true']), null, '--cwd')).toBeNull();
    expect(launchProblem(recipe('cd sub && npm run dev'), null, '--cwd')).toBeNull();
    expect(launchProblem(recipe('PORT=1 node x.js'), null, '--cwd')).toBeNull();
    expect(launchProblem(recipe('no-such-thing-pw --x'), null, '--cwd')).toContain('no-such-thing-pw is not on PATH');
    expect(launchProblem(recipe(['./missing.sh']), null, '--cwd')).toBe(`\`./missing.sh\`: ${join(dir, 'missing.sh')} does not exist`);
  });

  it('judges the rights of the user the server will run as', () => {
    const script = join(dir, 'private.sh');
    writeFileSync(script, '#!/bin/sh\n');
    chmodSync(script, 0o700);
    expect(launchProblem(recipe([script]), nobody, '--cwd')).toContain('is not executable by user nobody');
    const closed = join(dir, 'closed');
    mkdirSync(closed, { mode: 0o700 });
    expect(launchProblem(recipe(['sh'], { cwd: closed }), nobody, "the recipe's folder")).toBe(
      `the recipe's folder ${closed} cannot be entered by user nobody`,
    );
  });
});

describe('decidePrivilege', () => {
  const observed = recipe(['node', 'srv.js'], {
    envMode: 'replace',
    env: { PATH: '/evil', NODE_OPTIONS: '--require evil.js', LD_PRELOAD: 'x.so', PORT: '41034', SECRET: 's' },
  });

  it('root and another user: that uid, a clean environment keeping only the serving variables', () => {
    const d = decidePrivilege(observed, {
      owner: proc({ pid: 10, uid: 65534, user: 'nobody' }),
      selfUid: 0,
      action: 'restart',
      port: 41034,
    });
    if (!d.ok) throw new Error(d.reason);
    expect(d.runAs).toMatchObject({ uid: 65534, user: 'nobody' });
    expect(Object.keys(d.recipe.env!).sort()).toEqual(['HOME', 'LANG', 'LOGNAME', 'PATH', 'PORT', 'SHELL', 'USER']);
    expect(d.recipe.env!.PATH).not.toBe('/evil');
    expect(d.note).toContain('never passed on: LD_PRELOAD, NODE_OPTIONS');
  });

  it('not root and another user: refused with the exact command to run as that user', () => {
    const d = decidePrivilege(observed, {
      owner: proc({ pid: 10, uid: 65534, user: 'nobody' }),
      selfUid: 1000,
      action: 'restart',
      port: 41034,
    });
    expect(d).toMatchObject({ ok: false, code: 'EPERM', hint: 'Run it as that user: `sudo -u nobody -- portwarden restart 41034`.' });
  });

  it('the same user keeps their own environment; a remembered one started as root loses what loads code', () => {
    const same = decidePrivilege(observed, { owner: proc({ pid: 10, uid: 1000 }), selfUid: 1000, action: 'restart', port: 1 });
    expect(same.ok && same.recipe.env).toEqual(observed.env);
    const start = decidePrivilege(observed, { owner: null, selfUid: 0, action: 'start', port: 1 });
    expect(start.ok && Object.keys(start.recipe.env!).sort()).toEqual(['PATH', 'PORT', 'SECRET']);
  });
});
