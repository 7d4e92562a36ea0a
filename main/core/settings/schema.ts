import { DEFAULT_DEV_PORTS, type PortRange } from '../dev-ports';
import { lazy, type Zod, zod } from '../lazy';
import { type Bounds, isOrderedRange, LIMITS, PORT_BOUNDS, PORT_RANGE_PATTERN, RECIPE_KEY_PATTERN } from './limits';

// The settings file is written by people: ports may be numbers or "from-to" ranges, and every
// field has a default so a file with one key is valid. The schemas are built on first use (see
// lazy.ts): the defaults below are plain data, so a run with no settings file never loads zod.

export const SETTINGS_DEFAULTS = {
  watchedPorts: DEFAULT_DEV_PORTS.map(toSpec),
  pollIntervalMs: 1000,
  httpPorts: null,
  probePath: '/',
  probeTimeoutMs: 2000,
  probeIntervalMs: 10_000,
  buildDirs: ['.next', 'dist', 'build', 'out', '.output', '.nuxt', '.svelte-kit', '.vite'],
  recipes: {},
  killGraceMs: 3000,
  restartTimeoutMs: 30_000,
  notifications: true,
} as const;

function buildSchemas() {
  const z = zod();
  const int = ({ min, max }: Bounds) => z.number().int().min(min).max(max);
  const port = z
    .number()
    .int()
    .min(PORT_BOUNDS.min, `a port is at least ${PORT_BOUNDS.min}`)
    .max(PORT_BOUNDS.max, `a port is at most ${PORT_BOUNDS.max}`);

  const portSpec = z.union([
    port,
    z
      .string()
      .regex(PORT_RANGE_PATTERN, 'a range is written "from-to", e.g. "5173-5180"')
      .refine(isOrderedRange, `a range goes from a lower to a higher port, both ${PORT_BOUNDS.min}–${PORT_BOUNDS.max}`),
  ]);

  const recipe = z.object({
    /** A string runs through the shell (`sh -c` / `cmd /c`); an array is executed as is. */
    command: z.union([z.string().min(1, 'the command is empty'), z.array(z.string()).min(1, 'the command is empty')]),
    cwd: z.string().min(1, 'say which directory to start in'),
    env: z.record(z.string(), z.string()).optional(),
    /** The path probed after start; null turns the HTTP probe off for this port. */
    probePath: z.string().startsWith('/').nullable().optional(),
    timeoutMs: int(LIMITS.recipeTimeoutMs).optional(),
  });

  const settings = z.object({
    watchedPorts: z.array(portSpec).default([...SETTINGS_DEFAULTS.watchedPorts]),
    pollIntervalMs: int(LIMITS.pollIntervalMs).default(SETTINGS_DEFAULTS.pollIntervalMs),
    /** Ports known to speak HTTP, probed with GET probePath; by default the watched ones. */
    httpPorts: z.array(portSpec).nullable().default(SETTINGS_DEFAULTS.httpPorts),
    probePath: z.string().startsWith('/', 'the probe path starts with "/"').default(SETTINGS_DEFAULTS.probePath),
    probeTimeoutMs: int(LIMITS.probeTimeoutMs).default(SETTINGS_DEFAULTS.probeTimeoutMs),
    /** Probe each port at most this often: a light check, never a tight loop. */
    probeIntervalMs: int(LIMITS.probeIntervalMs).default(SETTINGS_DEFAULTS.probeIntervalMs),
    buildDirs: z.array(z.string().min(1)).default([...SETTINGS_DEFAULTS.buildDirs]),
    /** Restart recipes by port ("3000": {...}). */
    recipes: z.record(z.string().regex(RECIPE_KEY_PATTERN, 'recipes are keyed by port number'), recipe).default({}),
    killGraceMs: int(LIMITS.killGraceMs).default(SETTINGS_DEFAULTS.killGraceMs),
    restartTimeoutMs: int(LIMITS.restartTimeoutMs).default(SETTINGS_DEFAULTS.restartTimeoutMs),
    notifications: z.boolean().default(SETTINGS_DEFAULTS.notifications),
  });
  return { portSpec, recipe, settings };
}

type Schemas = ReturnType<typeof buildSchemas>;
const schemas = lazy(buildSchemas);

export const settingsSchema = (): Schemas['settings'] => schemas().settings;
export const recipeSchema = (): Schemas['recipe'] => schemas().recipe;
export const portSpecSchema = (): Schemas['portSpec'] => schemas().portSpec;

export type PortSpec = Zod.infer<Schemas['portSpec']>;
export type RecipeConfig = Zod.infer<Schemas['recipe']>;
export type Settings = Zod.infer<Schemas['settings']>;

/** Every key of the settings file, known without building the schema. */
export const SETTING_KEYS = Object.keys(SETTINGS_DEFAULTS) as readonly Extract<keyof Settings, string>[];

/** What `settingsSchema().parse({})` gives, without loading zod; a fresh copy each call. */
export function defaultSettings(): Settings {
  return structuredClone(SETTINGS_DEFAULTS) as unknown as Settings;
}

function toSpec(r: PortRange): number | string {
  return r.from === r.to ? r.from : `${r.from}-${r.to}`;
}

function toRange(spec: PortSpec): PortRange {
  if (typeof spec === 'number') return { from: spec, to: spec };
  const [from, to] = spec.split('-').map((n) => Number(n.trim()));
  return { from: from!, to: to! };
}

export function toRanges(specs: readonly PortSpec[]): PortRange[] {
  return specs.map(toRange);
}
