import type * as Zod from 'zod';

/** The memoised result of `build`, made on the first call. */
export function lazy<T>(build: () => T): () => T {
  let value: { v: T } | undefined;
  return () => {
    value ??= { v: build() };
    return value.v;
  };
}

/**
 * zod, required on first use rather than imported: its import alone costs ~70 ms, more than the
 * whole of `portwarden who`, and most runs validate nothing (no settings file, no capture). A
 * plain `require` of the package works both in the esbuild bundles (kept external) and under vitest.
 */
export const zod = lazy(() => (require('zod') as typeof Zod).z);

export type { Zod };
