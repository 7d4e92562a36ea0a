import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createProjectFs, projectOf } from '../../../main/core/project';
import { createScanner } from '../../../main/core/scan';
import { firstJsonLine, killTracked, SERVER_SCRIPT, track } from '../../helpers/processes';

const dir = mkdtempSync(join(tmpdir(), 'pw-project-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(killTracked);

describe('createProjectFs', () => {
  it('reads package.json once per mtime, and again when it changes', () => {
    const shop = join(dir, 'cached');
    mkdirSync(shop);
    writeFileSync(join(shop, 'package.json'), '{"name":"shop"}');
    utimesSync(join(shop, 'package.json'), 1000, 1000);
    const fs = createProjectFs();
    expect(fs.packageName(shop)).toBe('shop');
    expect(fs.packageName(shop)).toBe('shop');
    expect(fs.reads()).toBe(1);
    writeFileSync(join(shop, 'package.json'), '{"name":"store"}');
    utimesSync(join(shop, 'package.json'), 2000, 2000);
    expect(fs.packageName(shop)).toBe('store');
    expect(fs.reads()).toBe(2);
  });

  it('a broken package.json still makes a project, named by its folder; no file, no project', () => {
    const broken = join(dir, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'package.json'), '{"name": ');
    const fs = createProjectFs();
    expect(fs.packageName(broken)).toBeNull();
    expect(fs.packageName(dir)).toBeUndefined();
    expect(projectOf({ cwd: broken, argv: [] }, fs)).toEqual({ root: broken, name: 'broken', source: 'cwd' });
  });
});

describe('a real server started from / as node /tmp/…/shop/server.js', () => {
  it('is in the project named by its package.json, found from its argv', async () => {
    const shop = join(dir, 'shop');
    mkdirSync(shop);
    writeFileSync(join(shop, 'package.json'), JSON.stringify({ name: 'shop', private: true }));
    copyFileSync(SERVER_SCRIPT, join(shop, 'server.js'));
    const child = spawn(process.execPath, [join(shop, 'server.js'), '{}'], { cwd: '/', stdio: ['ignore', 'pipe', 'pipe'] });
    track(child.pid);
    const { pid } = await firstJsonLine<{ pid: number }>(child);
    const proc = await createScanner().get(pid);
    expect(proc?.cwd).toBe('/');
    expect(projectOf(proc!, createProjectFs())).toEqual({ root: shop, name: 'shop', source: 'argv' });
  });
});
