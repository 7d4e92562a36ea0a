import { z } from 'zod';
import { DEFAULT_DEV_PORTS, type PortRange } from '../dev-ports';

// The settings file is written by people: ports may be numbers or "from-to" ranges, and every
// field has a default so a file with one key is valid.

const port = z.number().int().min(1, 'a port is at least 1').max(65535, 'a port is at most 65535');

export const PortSpecSchema = z.union([
  port,
  z
    .string()
    .regex(/^\d+\s*-\s*\d+$/, 'a range is written "from-to", e.g. "5173-5180"')
    .refine((s) => {
      const [a, b] = s.split('-').map((n) => Number(n.trim()));
      return a! >= 1 && b! <= 65535 && a! <= b!;
    }, 'a range goes from a lower to a higher port, both 1–65535'),
]);
export type PortSpec = z.infer<typeof PortSpecSchema>;

export const RecipeSchema = z.object({
  /** A string runs through the shell (`sh -c` / `cmd /c`); an array is executed as is. */
  command: z.union([z.string().min(1, 'the command is empty'), z.array(z.string()).min(1, 'the command is empty')]),
  cwd: z.string().min(1, 'say which directory to start in'),
  env: z.record(z.string(), z.string()).optional(),
  /** The path probed after start; null turns the HTTP probe off for this port. */
  probePath: z.string().startsWith('/').nullable().optional(),
  timeoutMs: z.number().int().min(1000).max(600_000).optional(),
});
export type RecipeConfig = z.infer<typeof RecipeSchema>;

export const SettingsSchema = z.object({
  watchedPorts: z.array(PortSpecSchema).default(DEFAULT_DEV_PORTS.map(toSpec)),
  pollIntervalMs: z.number().int().min(250).max(60_000).default(1000),
  /** Ports known to speak HTTP, probed with GET probePath; by default the watched ones. */
  httpPorts: z.array(PortSpecSchema).nullable().default(null),
  probePath: z.string().startsWith('/', 'the probe path starts with "/"').default('/'),
  probeTimeoutMs: z.number().int().min(100).max(30_000).default(2000),
  /** Probe each port at most this often: a light check, never a tight loop. */
  probeIntervalMs: z.number().int().min(1000).max(3_600_000).default(10_000),
  buildDirs: z
    .array(z.string().min(1))
    .default(['.next', 'dist', 'build', 'out', '.output', '.nuxt', '.svelte-kit', '.vite']),
  /** Restart recipes by port ("3000": {...}). */
  recipes: z.record(z.string().regex(/^\d+$/, 'recipes are keyed by port number'), RecipeSchema).default({}),
  killGraceMs: z.number().int().min(0).max(60_000).default(3000),
  restartTimeoutMs: z.number().int().min(1000).max(600_000).default(30_000),
  notifications: z.boolean().default(true),
});
export type Settings = z.infer<typeof SettingsSchema>;

export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}

function toSpec(r: PortRange): PortSpec {
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
