// The bounds of every number in the settings file and the shape of a port range, in one place:
// the zod schema (schema.ts) and the zod-free fast path (fast-validate.ts) both read them, so the
// two cannot drift apart on a limit.

export interface Bounds {
  min: number;
  max: number;
}

export const PORT_BOUNDS: Bounds = { min: 1, max: 65535 };

export const LIMITS = {
  pollIntervalMs: { min: 250, max: 60_000 },
  probeTimeoutMs: { min: 100, max: 30_000 },
  probeIntervalMs: { min: 1000, max: 3_600_000 },
  killGraceMs: { min: 0, max: 60_000 },
  restartTimeoutMs: { min: 1000, max: 600_000 },
  /** A recipe's own `timeoutMs`. */
  recipeTimeoutMs: { min: 1000, max: 600_000 },
} as const satisfies Record<string, Bounds>;

/** A range is written "from-to" ("5173-5180"); isOrderedRange checks the numbers. */
export const PORT_RANGE_PATTERN = /^\d+\s*-\s*\d+$/;

/** Recipes are keyed by port number: "3000". */
export const RECIPE_KEY_PATTERN = /^\d+$/;

export function isOrderedRange(spec: string): boolean {
  const [a, b] = spec.split('-').map((n) => Number(n.trim()));
  return a! >= PORT_BOUNDS.min && b! <= PORT_BOUNDS.max && a! <= b!;
}
