import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { gatherRecipeFacts, resolveRecipe } from '../../../main/core/recipes';
import { createScanner } from '../../../main/core/scan';
import { defaultSettings } from '../../../main/core/settings/schema';
import { firstJsonLine, killTracked, SERVER_SCRIPT, spawnTracked, track } from '../../helpers/processes';
import { linuxOnly } from '../../helpers/platform';

const dir = mkdtempSync(join(tmpdir(), 'pw-gather-'));
afterAll(() => {
  killTracked();
  rmSync(dir, { recursive: true, force: true });
});

linuxOnly('reads cwd and environ from /proc').describe('gatherRecipeFacts with real processes', () => {
  it('observes the `sh -c` launch root with its cwd and environment, and suggests the package.json script', async () => {
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ scripts: { dev: 'node server.cjs' } }));
    const line = `"${process.execPath}" "${SERVER_SCRIPT}" '{}' & wait`;
    const wrapper = spawnTracked('sh', ['-c', line], {
      cwd: dir,
      env: { PATH: process.env.PATH, RECIPE_MARKER: 'kept', npm_lifecycle_event: 'dev' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const server = await firstJsonLine<{ pid: number; port: number }>(wrapper);
    track(server.pid);
    const scanner = createScanner();
    const owner = (await scanner.scan()).find((l) => l.port === server.port)?.owner ?? null;
    expect(owner?.pid).toBe(server.pid);

    const facts = await gatherRecipeFacts({
      port: server.port,
      settings: defaultSettings(),
      source: scanner,
      owner,
      dataDir: join(dir, 'data'),
    });
    expect(facts.observed?.root.pid).toBe(wrapper.pid);
    expect(facts.observed?.recipe).toMatchObject({ command: ['sh', '-c', line], cwd: dir, source: 'observed' });
    expect(facts.observed?.recipe.env?.RECIPE_MARKER).toBe('kept');
    expect(facts.observed?.recipe.env).not.toHaveProperty('npm_lifecycle_event');
    expect(facts.remembered).toBeNull();
    expect(facts.packageJson?.command).toEqual(['npm', 'run', 'dev']);
    expect(resolveRecipe(facts)?.source).toBe('observed');
  });
});
