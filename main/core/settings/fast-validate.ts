import { type Bounds, isOrderedRange, LIMITS, PORT_BOUNDS, PORT_RANGE_PATTERN, RECIPE_KEY_PATTERN } from './limits';
import { type PortSpec, type RecipeConfig, SETTINGS_DEFAULTS, type Settings } from './schema';

// A settings file that is right is checked here, by hand, without loading zod (its import costs
// ~70 ms, more than the rest of `portwarden who`). This path only ever says "valid, and here is
// what zod would have made of it" or "not sure": anything unusual (a wrong type, a value out of
// bounds, an object that is not plain JSON) returns null, and zod (validate.ts) then decides and
// words the problem. So it may refuse more than zod does, never accept more; the table in
// test/core/settings/fast-validate.test.ts holds the two to the same results.

/** Thrown inside this module only: "not sure, ask zod". */
const UNSURE = Symbol('unsure');

function unsure(): never {
  throw UNSURE;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function plainObject(value: unknown): Record<string, unknown> {
  if (!isPlainObject(value)) unsure();
  // A key whose value is undefined: zod's handling (default or kept) is not worth copying here.
  for (const key in value) if (value[key] === undefined) unsure();
  return value;
}

function integer(value: unknown, { min, max }: Bounds): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) unsure();
  return value;
}

function text(value: unknown, minLength = 0): string {
  if (typeof value !== 'string' || value.length < minLength) unsure();
  return value;
}

function path(value: unknown): string {
  if (!text(value).startsWith('/')) unsure();
  return value as string;
}

function array(value: unknown): unknown[] {
  if (!Array.isArray(value)) unsure();
  return value;
}

function portSpec(value: unknown): PortSpec {
  if (typeof value === 'number') return integer(value, PORT_BOUNDS);
  if (typeof value === 'string' && PORT_RANGE_PATTERN.test(value) && isOrderedRange(value)) return value;
  return unsure();
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(plainObject(value))) {
    // Assigning "__proto__" would set the copy's prototype, not a key: zod's business.
    if (key === '__proto__') unsure();
    out[key] = text(v);
  }
  return out;
}

function recipe(value: unknown): RecipeConfig {
  const input = plainObject(value);
  const { command } = input;
  const out: RecipeConfig = {
    command: Array.isArray(command) ? (command.length ? command.map((w) => text(w)) : unsure()) : text(command, 1),
    cwd: text(input.cwd, 1),
  };
  if (Object.hasOwn(input, 'env')) out.env = stringRecord(input.env);
  if (Object.hasOwn(input, 'probePath')) out.probePath = input.probePath === null ? null : path(input.probePath);
  if (Object.hasOwn(input, 'timeoutMs')) out.timeoutMs = integer(input.timeoutMs, LIMITS.recipeTimeoutMs);
  return out;
}

function recipes(value: unknown): Settings['recipes'] {
  const out: Settings['recipes'] = {};
  for (const [key, v] of Object.entries(plainObject(value))) {
    if (!RECIPE_KEY_PATTERN.test(key)) unsure();
    out[key] = recipe(v);
  }
  return out;
}

/** Each field: its value checked and copied, or (absent) a fresh copy of its default. */
const FIELDS: { [K in keyof Settings]: (value: unknown) => Settings[K] } = {
  watchedPorts: (v) => array(v).map(portSpec),
  pollIntervalMs: (v) => integer(v, LIMITS.pollIntervalMs),
  httpPorts: (v) => (v === null ? null : array(v).map(portSpec)),
  probePath: path,
  probeTimeoutMs: (v) => integer(v, LIMITS.probeTimeoutMs),
  probeIntervalMs: (v) => integer(v, LIMITS.probeIntervalMs),
  buildDirs: (v) => array(v).map((d) => text(d, 1)),
  recipes,
  killGraceMs: (v) => integer(v, LIMITS.killGraceMs),
  restartTimeoutMs: (v) => integer(v, LIMITS.restartTimeoutMs),
  notifications: (v) => (typeof v === 'boolean' ? v : unsure()),
};

/**
 * What `settingsSchema().parse(input)` returns, when this module is sure it would succeed;
 * null means "ask zod" (which gives the well-worded errors, or accepts a case not handled here).
 * Unknown keys are dropped, as zod's object does; validate.ts warns about them.
 */
export function fastSettings(input: unknown): Settings | null {
  try {
    const file = plainObject(input);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(FIELDS) as (keyof Settings)[]) {
      out[key] = Object.hasOwn(file, key) ? FIELDS[key](file[key]) : structuredClone(SETTINGS_DEFAULTS[key]);
    }
    return out as Settings;
  } catch (err) {
    if (err === UNSURE) return null;
    throw err;
  }
}
