import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  filterEnv,
  parseEnviron,
  recallRecipe,
  recipeCandidates,
  recipeFromCommandLine,
  recipesFile,
  rememberRecipe,
  resolveRecipe,
  suggestFromPackageJson,
  type Recipe,
} from '../../../main/core/recipes';
import { defaultSettings } from '../../../main/core/settings/schema';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'pw-recipes-'));
  dirs.push(d);
  return d;
}

describe('environment', () => {
  it('parses /proc/<pid>/environ and drops what belongs to the old process, not the server', () => {
    const env = parseEnviron(
      'PATH=/usr/bin\0NODE_ENV=production\0A=b=c\0PWD=/x\0SHLVL=2\0npm_lifecycle_event=dev\0NODE_CHANNEL_FD=3\0NOTIFY_SOCKET=/run/n\0LISTEN_FDS=1\0_=/usr/bin/npm\0',
    );
    expect(env.A).toBe('b=c');
    expect(filterEnv(env)).toEqual({ PATH: '/usr/bin', NODE_ENV: 'production', A: 'b=c' });
  });
});

describe('remembered recipes', () => {
  const observed: Recipe = {
    command: ['node', 'server.js'],
    cwd: '/srv/app',
    env: { TOKEN: 'secret' },
    envMode: 'replace',
    source: 'observed',
    origin: 'started as `node server.js` by PID 7',
  };

  it('survives a restart of Portwarden, readable by its owner only, and says where it came from', () => {
    const dir = join(tempDir(), 'data');
    expect(recallRecipe(dir, 3000)).toBeNull();
    rememberRecipe(dir, 3000, observed, Date.UTC(2030, 0, 2));
    expect(statSync(recipesFile(dir)).mode & 0o777).toBe(0o600);
    expect(recallRecipe(dir, 3000)).toEqual({
      command: ['node', 'server.js'],
      cwd: '/srv/app',
      env: { TOKEN: 'secret' },
      envMode: 'replace',
      source: 'remembered',
      origin: 'remembered from 2030-01-02T00:00:00.000Z (observed: started as `node server.js` by PID 7)',
    });
    expect(recallRecipe(dir, 3001)).toBeNull();
  });

  it('keeps the first provenance when a recalled recipe is saved again', () => {
    const dir = tempDir();
    rememberRecipe(dir, 3000, observed, 1);
    rememberRecipe(dir, 3000, recallRecipe(dir, 3000)!, 2);
    expect(recallRecipe(dir, 3000)?.origin).toContain('(observed: started as');
  });

  it('ignores a damaged file instead of failing', () => {
    const dir = tempDir();
    writeFileSync(recipesFile(dir), '{ not json');
    expect(recallRecipe(dir, 3000)).toBeNull();
    writeFileSync(recipesFile(dir), JSON.stringify({ 3000: { command: 42 } }));
    expect(recallRecipe(dir, 3000)).toBeNull();
    rememberRecipe(dir, 3000, observed);
    expect(JSON.parse(readFileSync(recipesFile(dir), 'utf8'))['3000'].from).toBe('observed');
  });
});

describe('package.json suggestion', () => {
  const facts = (scripts: Record<string, string>, lockfiles: string[] = [], extra = {}) => ({
    cwd: '/app',
    text: JSON.stringify({ scripts, ...extra }),
    lockfiles,
  });

  it('prefers dev over start, runs it with the package manager of the lock file, with PORT set', () => {
    expect(suggestFromPackageJson(facts({ start: 'next start', dev: 'next dev' }, ['pnpm-lock.yaml']), 3000)).toEqual({
      command: ['pnpm', 'run', 'dev'],
      cwd: '/app',
      env: { PORT: '3000' },
      envMode: 'merge',
      source: 'package.json',
      origin: 'suggested from the "dev" script in /app/package.json: `next dev`',
    });
    expect(suggestFromPackageJson(facts({ start: 'node .' }, ['yarn.lock']), 80)?.command).toEqual(['yarn', 'run', 'start']);
    expect(suggestFromPackageJson(facts({ dev: 'vite' }, [], { packageManager: 'bun@1.1.0' }), 80)?.command).toEqual(['bun', 'run', 'dev']);
    expect(suggestFromPackageJson(facts({ dev: 'vite' }), 80)?.command).toEqual(['npm', 'run', 'dev']);
  });

  it('suggests nothing without a dev or start script, or without a readable package.json', () => {
    expect(suggestFromPackageJson(facts({ build: 'tsc' }), 80)).toBeNull();
    expect(suggestFromPackageJson({ cwd: '/app', text: null, lockfiles: [] }, 80)).toBeNull();
    expect(suggestFromPackageJson({ cwd: '/app', text: '{', lockfiles: [] }, 80)).toBeNull();
  });
});

describe('resolveRecipe', () => {
  const mk = (source: Recipe['source']): Recipe => ({ command: [source], cwd: '/app', source, origin: source });
  const observed = { root: { pid: 1 } as never, site: {} as never, recipe: mk('observed') };

  it('takes settings, then the observed launch, then the remembered recipe, then package.json', () => {
    const settings = { ...defaultSettings(), recipes: { '3000': { command: 'npm run dev', cwd: '/app' } } };
    const all = { port: 3000, settings, observed, remembered: mk('remembered'), packageJson: mk('package.json') };
    expect(recipeCandidates(all).map((r) => r.source)).toEqual(['settings', 'observed', 'remembered', 'package.json']);
    expect(resolveRecipe(all)).toMatchObject({ command: 'npm run dev', source: 'settings', origin: 'settings: recipes["3000"]' });
    expect(resolveRecipe({ ...all, settings: defaultSettings() })?.source).toBe('observed');
    expect(resolveRecipe({ ...all, settings: defaultSettings(), observed: null })?.source).toBe('remembered');
    expect(resolveRecipe({ ...all, settings: defaultSettings(), observed: null, remembered: null })?.source).toBe('package.json');
    expect(resolveRecipe({ port: 1, settings: defaultSettings(), observed: null, remembered: null, packageJson: null })).toBeNull();
  });

  it('reads one quoted word with spaces as a shell line, several words as an argv', () => {
    expect(recipeFromCommandLine(['npm run dev > out.txt'], '/app').command).toBe('npm run dev > out.txt');
    expect(recipeFromCommandLine(['node', 'my server.js'], '/app').command).toEqual(['node', 'my server.js']);
  });
});
