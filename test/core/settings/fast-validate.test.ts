import { describe, expect, it } from 'vitest';
import { fastSettings } from '../../../main/core/settings/fast-validate';
import { LIMITS, PORT_BOUNDS } from '../../../main/core/settings/limits';
import { settingsSchema } from '../../../main/core/settings/schema';
import { validateSettings } from '../../../main/core/settings/validate';

// The zod-free check must give what zod gives for every file it accepts, and hand every file zod
// refuses back to zod (whose messages people read). Each row is one settings file.

const recipe = { command: 'npm run dev', cwd: '/home/me/app' };

const VALID: [string, Record<string, unknown>][] = [
  ['an empty file: every default', {}],
  [
    'every field set',
    {
      watchedPorts: [3000, '5173-5180'],
      pollIntervalMs: 2000,
      httpPorts: [3000],
      probePath: '/health',
      probeTimeoutMs: 500,
      probeIntervalMs: 5000,
      buildDirs: ['.next', 'dist'],
      recipes: { '3000': { command: ['node', 'server.js'], cwd: '/srv', env: { PORT: '3000' }, probePath: null, timeoutMs: 5000 } },
      killGraceMs: 0,
      restartTimeoutMs: 60_000,
      notifications: false,
    },
  ],
  ["keys in another order than the schema's", { notifications: true, pollIntervalMs: 1000, watchedPorts: [4000] }],
  ['unknown keys, dropped', { pollInterval: 5, pollIntervalMs: 1000, extra: { deep: [1] } }],
  ['empty lists', { watchedPorts: [], httpPorts: [], buildDirs: [], recipes: {} }],
  ['httpPorts null (the watched ones)', { httpPorts: null }],
  ['ports at the bounds', { watchedPorts: [PORT_BOUNDS.min, PORT_BOUNDS.max, `${PORT_BOUNDS.min}-${PORT_BOUNDS.max}`] }],
  ['a one-port range and spaces around the dash', { watchedPorts: ['3000-3000', '4000 - 4010', '0005-0009'] }],
  ...Object.entries(LIMITS)
    .filter(([k]) => k !== 'recipeTimeoutMs')
    .flatMap(([k, { min, max }]): [string, Record<string, unknown>][] => [
      [`${k} at its minimum`, { [k]: min }],
      [`${k} at its maximum`, { [k]: max }],
      [`${k} written as a float that is whole`, { [k]: min + 1.0 }],
    ]),
  ['a recipe with only what it needs', { recipes: { '3000': recipe } }],
  ['a recipe with unknown keys, dropped', { recipes: { '3000': { ...recipe, restart: 'always' } } }],
  ['a recipe whose command is an array with an empty word', { recipes: { '3000': { command: ['node', ''], cwd: '/' } } }],
  ['a recipe with an empty env and a probe path', { recipes: { '8000': { ...recipe, env: {}, probePath: '/' } } }],
  [
    'a recipe timeout at its bounds',
    {
      recipes: { '1': { ...recipe, timeoutMs: LIMITS.recipeTimeoutMs.min }, '2': { ...recipe, timeoutMs: LIMITS.recipeTimeoutMs.max } },
    },
  ],
  ["a recipe keyed by a port out of range (only the key's digits are checked)", { recipes: { '99999': recipe } }],
  ['probePath of one slash', { probePath: '/' }],
];

const INVALID: [string, unknown, string?][] = [
  ['a port of 0', { watchedPorts: [0] }, 'watchedPorts[0]: a port is at least 1'],
  ['a port over 65535', { watchedPorts: [65536] }, 'watchedPorts[0]: a port is at most 65535'],
  ['a fractional port', { watchedPorts: [3000.5] }],
  ['a port as a string', { watchedPorts: ['3000'] }, 'watchedPorts[0]: a range is written "from-to", e.g. "5173-5180"'],
  ['a backwards range', { watchedPorts: ['5180-5173'] }, 'watchedPorts[0]: a range goes from a lower to a higher port, both 1–65535'],
  ['a range past 65535', { httpPorts: ['65000-70000'] }],
  ['a range from 0', { watchedPorts: ['0-10'] }],
  ['watchedPorts not a list', { watchedPorts: 3000 }],
  ['watchedPorts null', { watchedPorts: null }],
  ['a port that is null', { watchedPorts: [null] }],
  ...Object.entries(LIMITS)
    .filter(([k]) => k !== 'recipeTimeoutMs')
    .flatMap(([k, { min, max }]): [string, unknown][] => [
      [`${k} under its minimum`, { [k]: min - 1 }],
      [`${k} over its maximum`, { [k]: max + 1 }],
      [`${k} fractional`, { [k]: min + 0.5 }],
      [`${k} as a string`, { [k]: String(min) }],
      [`${k} null`, { [k]: null }],
    ]),
  ['pollIntervalMs under its minimum, as people read it', { pollIntervalMs: 10 }, 'pollIntervalMs: must be at least 250'],
  ['pollIntervalMs as text, as people read it', { pollIntervalMs: '1000' }, 'pollIntervalMs: must be a number (got a string)'],
  ['probePath without a slash', { probePath: 'health' }, 'probePath: the probe path starts with "/"'],
  ['probePath null', { probePath: null }],
  ['an empty build dir', { buildDirs: [''] }],
  ['a build dir that is a number', { buildDirs: [1] }],
  ['notifications as a string', { notifications: 'yes' }],
  ['recipes as a list', { recipes: [recipe] }],
  ['a recipe keyed by a name', { recipes: { web: recipe } }, 'recipes.web: recipes are keyed by port number (not "web")'],
  ['a recipe without a cwd', { recipes: { '3000': { command: 'npm start' } } }, 'recipes.3000.cwd: is required'],
  ['a recipe with an empty cwd', { recipes: { '3000': { ...recipe, cwd: '' } } }],
  ['a recipe with an empty command', { recipes: { '3000': { ...recipe, command: '' } } }, 'recipes.3000.command: the command is empty'],
  ['a recipe with an empty command list', { recipes: { '3000': { ...recipe, command: [] } } }],
  ['a recipe whose command list holds a number', { recipes: { '3000': { ...recipe, command: ['node', 1] } } }],
  ['a recipe with an env value that is a number', { recipes: { '3000': { ...recipe, env: { PORT: 3000 } } } }],
  ['a recipe with env as a list', { recipes: { '3000': { ...recipe, env: ['PORT=3000'] } } }],
  ['a recipe probe path without a slash', { recipes: { '3000': { ...recipe, probePath: 'health' } } }],
  ['a recipe timeout under its minimum', { recipes: { '3000': { ...recipe, timeoutMs: LIMITS.recipeTimeoutMs.min - 1 } } }],
  ['a recipe timeout over its maximum', { recipes: { '3000': { ...recipe, timeoutMs: LIMITS.recipeTimeoutMs.max + 1 } } }],
  ['a recipe that is a string', { recipes: { '3000': 'npm start' } }],
  ['Infinity', { pollIntervalMs: Number.POSITIVE_INFINITY }],
  ['NaN', { probeTimeoutMs: Number.NaN }],
  ['a list, not an object', [1, 2]],
  ['null', null],
  ['a number', 42],
];

// Not JSON, but reachable from code (the app's save): zod accepts them; the fast path need not.
const ZOD_ONLY: [string, Record<string, unknown>][] = [
  ['a key whose value is undefined', { pollIntervalMs: undefined }],
  ['a recipe env that is undefined', { recipes: { '3000': { ...recipe, env: undefined } } }],
];

describe('the zod-free settings check', () => {
  it.each(VALID)('accepts %s, with what zod makes of it', (_, input) => {
    const fast = fastSettings(input);
    const zod = settingsSchema().parse(input);
    expect(fast).not.toBeNull();
    expect(fast).toStrictEqual(zod);
    // The same key order too: saved files are written from these objects.
    expect(JSON.stringify(fast)).toBe(JSON.stringify(zod));
    expect(validateSettings(input)).toStrictEqual({ ok: true, settings: zod, warnings: expect.any(Array) });
  });

  it.each(INVALID)('hands %s to zod, which refuses it with the same words', (_, input, message) => {
    expect(settingsSchema().safeParse(input).success).toBe(false);
    expect(fastSettings(input)).toBeNull();
    const result = validateSettings(input);
    expect(result.ok).toBe(false);
    if (message && !result.ok) expect(result.errors).toContain(message);
  });

  it.each(ZOD_ONLY)('leaves %s to zod, which accepts it', (_, input) => {
    expect(fastSettings(input)).toBeNull();
    expect(validateSettings(input)).toMatchObject({ ok: true, settings: settingsSchema().parse(input) });
  });

  it('gives fresh defaults, so changing one result cannot change the next', () => {
    const first = fastSettings({});
    first?.watchedPorts.push(1);
    first?.buildDirs.push('mutated');
    expect(fastSettings({})).toStrictEqual(settingsSchema().parse({}));
  });

  it('copies what it checked, so the result does not share lists with the input', () => {
    const input = { watchedPorts: [3000], recipes: { '3000': { ...recipe, env: { A: 'b' } } } };
    const out = fastSettings(input);
    out?.watchedPorts.push(4000);
    if (out?.recipes['3000']?.env) out.recipes['3000'].env.A = 'changed';
    expect(input.watchedPorts).toEqual([3000]);
    expect(input.recipes['3000'].env.A).toBe('b');
  });

  it('still warns about unknown keys, as before', () => {
    const result = validateSettings({ pollInterval: 5 });
    expect(result.ok && result.warnings[0]).toMatch(/^pollInterval: unknown setting, ignored/);
  });
});
