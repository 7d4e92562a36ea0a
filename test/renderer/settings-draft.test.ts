import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings, settingsSchema } from '../../main/core/settings/schema';
import { fieldFor, issueText, parseEnv, parsePortList, toDraft, toFormValues } from '../../renderer/settings-draft';

// The pure half of the settings form, in plain Node: what the user types <-> the settings file.

const withRecipes = (): Settings =>
  settingsSchema().parse({
    watchedPorts: [3000, '5173-5180'],
    httpPorts: [3000],
    recipes: {
      '3000': { command: 'npm run start', cwd: '/srv/shop', env: { NODE_ENV: 'production', PORT: '3000' }, probePath: '/health' },
      '5173': { command: ['node', 'server.js', '--flag=a b'], cwd: '/srv/ui', probePath: null, timeoutMs: 60_000 },
    },
  });

describe('settings draft', () => {
  it.each([
    ['defaults', defaultSettings()],
    ['recipes with a shell command, an argv, env, a probe path, probing off and a timeout', withRecipes()],
  ])('round-trips %s through the form unchanged', (_, settings) => {
    const { settings: draft, local } = toDraft(settings, toFormValues(settings));
    expect(local.size).toBe(0);
    expect(settingsSchema().parse(draft)).toEqual(settings);
  });

  it('reads ports and ranges as typed, leaving anything else for the schema to name', () => {
    expect(parsePortList('3000, 5173 - 5180\n8080  abc')).toEqual([3000, '5173-5180', 8080, 'abc']);
    const settings = defaultSettings();
    const form = { ...toFormValues(settings), watchedPorts: '3000, 70000' };
    const result = settingsSchema().safeParse(toDraft(settings, form).settings);
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['watchedPorts', 1]);
  });

  it('keeps an empty poll interval as text, so the schema says a number is missing rather than 0', () => {
    const settings = defaultSettings();
    expect(toDraft(settings, { ...toFormValues(settings), pollIntervalMs: '' }).settings.pollIntervalMs).toBe('');
  });

  it('keeps a shell command that starts with "[" as a shell command', () => {
    const settings = withRecipes();
    const form = toFormValues(settings);
    form.recipes[0]!.command = '[ -f .env ] && npm run start';
    expect(toDraft(settings, form).settings.recipes).toMatchObject({ '3000': { command: '[ -f .env ] && npm run start' } });
  });

  it('finds problems the schema cannot see: a bad env line, a recipe without a port, two recipes for one port', () => {
    expect(parseEnv('# comment\nNODE_ENV=dev\n\nA_B=x=y')).toEqual({ env: { NODE_ENV: 'dev', A_B: 'x=y' } });
    expect(parseEnv('NODE_ENV=dev\nnot a pair')).toEqual({ error: 'line 2: write NAME=value, e.g. NODE_ENV=development' });
    const settings = withRecipes();
    const form = toFormValues(settings);
    form.recipes[0]!.env = 'oops';
    form.recipes[1]!.port = '3000';
    form.recipes.push({ ...form.recipes[0]!, port: ' ' });
    const { local } = toDraft(settings, form);
    expect([...local.keys()].sort()).toEqual(['recipe:0:env', 'recipe:1:port', 'recipe:2:port']);
  });

  it('refuses a recipe port outside 1–65535 (the schema only sees a key of digits), and reads "03000" as 3000', () => {
    const settings = withRecipes();
    const form = toFormValues(settings);
    form.recipes[0]!.port = '99999';
    form.recipes[1]!.port = '0';
    expect(toDraft(settings, form).local).toEqual(
      new Map([
        ['recipe:0:port', 'a port is 1–65535'],
        ['recipe:1:port', 'a port is 1–65535'],
      ]),
    );
    form.recipes[0]!.port = '03000';
    form.recipes[1]!.port = '3000';
    const { local, settings: draft } = toDraft(settings, form);
    expect(local).toEqual(new Map([['recipe:1:port', 'another recipe already starts port 3000']]));
    expect(Object.keys(draft.recipes as object)).toEqual(['3000']);
    expect(fieldFor('recipes.3000.cwd', form.recipes)).toBe('recipe:0:cwd');
  });

  it.each([
    ['watchedPorts[2]', 'watchedPorts'],
    ['pollIntervalMs', 'pollIntervalMs'],
    ['recipes.5173.cwd', 'recipe:1:cwd'],
    ['recipes.5173', 'recipe:1:port'],
    ['recipes.9999.cwd', 'form'],
    ['killGraceMs', 'form'],
  ])('shows an issue at %s next to %s', (path, field) => {
    expect(fieldFor(path, [{ port: '3000' }, { port: '5173' }])).toBe(field);
  });

  it('names the entry of a list by its place, counting from 1', () => {
    expect(issueText({ path: 'watchedPorts[1]', message: 'a port is at most 65535' })).toBe('entry 2: a port is at most 65535');
    expect(issueText({ path: 'probePath', message: 'the probe path starts with "/"' })).toBe('the probe path starts with "/"');
  });
});
