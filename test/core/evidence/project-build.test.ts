// The project folder from argv feeds the stale-build check where the cwd says nothing: a server
// started from `/` as `node /tmp/…/shop/server.cjs` whose dist/ is rebuilt after it started.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { BUILD_SLACK_MS, buildFolders, gatherEvidence } from '../../../main/core/evidence';
import { LinuxPortTable } from '../../../main/core/scan/linux/linux-port-table';
import { defaultSettings } from '../../../main/core/settings/schema';
import { computeVerdicts } from '../../../main/core/verdicts';
import { firstJsonLine, killTracked, SERVER_SCRIPT, spawnTracked, waitFor } from '../../helpers/processes';
import { linuxOnly } from '../../helpers/platform';

const scanner = new LinuxPortTable();
const shop = mkdtempSync(join(tmpdir(), 'pw-shop-'));
afterEach(killTracked);
afterAll(() => rmSync(shop, { recursive: true, force: true }));

describe('buildFolders', () => {
  const project = { name: 'shop', root: '/home/me/shop', source: 'argv' as const };
  it('takes the cwd, and the project folder where it is another one or the cwd says nothing', () => {
    expect(buildFolders('/home/me/shop', { ...project, source: 'cwd' })).toEqual(['/home/me/shop']);
    expect(buildFolders('/home/me/shop/server', { ...project, source: 'cwd' })).toEqual(['/home/me/shop/server', '/home/me/shop']);
    expect(buildFolders('/', project)).toEqual(['/home/me/shop']);
    expect(buildFolders(null, project)).toEqual(['/home/me/shop']);
    expect(buildFolders('C:\\', { ...project, root: 'C:\\Users\\me\\shop' })).toEqual(['C:\\Users\\me\\shop']);
    expect(buildFolders('/', null)).toEqual([]);
  });
});

linuxOnly('starts a real server and reads its cwd from /proc').describe('stale build from the project folder found in argv', () => {
  it('a server started from / whose project dist/ is rebuilt is a stale build', async () => {
    writeFileSync(join(shop, 'package.json'), JSON.stringify({ name: 'shop', scripts: { start: 'node server.cjs' } }));
    mkdirSync(join(shop, 'dist'));
    const script = join(shop, 'server.cjs');
    copyFileSync(SERVER_SCRIPT, script);
    // The fixture server, copied into the project and run by its absolute path from `/`.
    const child = spawnTracked(process.execPath, [script, '{}'], { cwd: '/', stdio: ['pipe', 'pipe', 'pipe'] });
    const { port } = await firstJsonLine<{ port: number }>(child);
    const listener = await waitFor(async () => (await scanner.scan()).find((l) => l.port === port && l.owner), 5000, 'the server');
    expect(listener.owner!.cwd).toBe('/');
    const settings = { ...defaultSettings(), httpPorts: [] };
    const before = (await gatherEvidence(listener, { source: scanner, settings, probe: null }))!;
    expect(before.project).toEqual({ name: 'shop', root: shop, source: 'argv' });
    expect(computeVerdicts(before).map((v) => v.kind)).toEqual(['healthy']);

    await new Promise((r) => setTimeout(r, BUILD_SLACK_MS + 200));
    writeFileSync(join(shop, 'dist', 'main.js'), 'rebuilt');
    const after = (await gatherEvidence(listener, { source: scanner, settings, probe: null }))!;
    const stale = computeVerdicts(after).find((v) => v.kind === 'stale-build');
    expect(stale?.explanation).toMatch(/^stale build: `dist` rebuilt \ds after this server started/);
    expect(after.build?.folders).toEqual([shop]);
  });
});
