import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../settings/atomic-file';
import { withFileLockSync } from '../settings/file-lock';
import { lazy, type Zod, zod } from '../lazy';
import { recipeSchema } from '../settings/schema';
import type { Recipe } from './recipe';

// The last recipe that started (or was seen running) each port, so a server that crashed, or was
// killed, can be started again from the tray after the process that told us how is gone.

const FILE = 'recipes.json';

const entrySchema = lazy(() => {
  const z = zod();
  return recipeSchema().extend({
    envMode: z.enum(['replace', 'merge']).optional(),
    from: z.enum(['command-line', 'settings', 'observed', 'remembered', 'package.json', 'process-manager']),
    origin: z.string(),
    savedAt: z.number(),
  });
});
type Entry = Zod.infer<ReturnType<typeof entrySchema>>;

export function recipesFile(dataDir: string): string {
  return join(dataDir, FILE);
}

function readAll(dataDir: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(recipesFile(dataDir), 'utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {}; // none yet, or unreadable: remembering is a convenience, never a reason to fail
  }
}

export function recallRecipe(dataDir: string, port: number): Recipe | null {
  const entry = entrySchema().safeParse(readAll(dataDir)[String(port)]);
  if (!entry.success) return null;
  const e: Entry = entry.data;
  return {
    command: e.command,
    cwd: e.cwd,
    ...(e.env ? { env: e.env, envMode: e.envMode ?? 'merge' } : {}),
    ...(e.probePath !== undefined ? { probePath: e.probePath } : {}),
    ...(e.timeoutMs !== undefined ? { timeoutMs: e.timeoutMs } : {}),
    source: 'remembered',
    origin: `remembered from ${new Date(e.savedAt).toISOString()} (${e.from}: ${e.origin})`,
  };
}

/**
 * Saves the recipe for the port. The file may hold a server's environment (tokens included), so it
 * is readable by its owner only, and replaced atomically so a crash never leaves half a file.
 */
export function rememberRecipe(dataDir: string, port: number, recipe: Recipe, now = Date.now()): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  // The same lock as settings: a CLI kill and the app's restart remembering at once keep both
  // ports. A short wait, since it blocks the thread and remembering is only a convenience.
  const remember = () => {
    const all = readAll(dataDir);
    const previous = entrySchema().safeParse(all[String(port)]);
    const entry: Entry = {
      command: recipe.command,
      cwd: recipe.cwd,
      ...(recipe.env ? { env: recipe.env, envMode: recipe.envMode ?? 'merge' } : {}),
      ...(recipe.probePath !== undefined ? { probePath: recipe.probePath } : {}),
      ...(recipe.timeoutMs !== undefined ? { timeoutMs: recipe.timeoutMs } : {}),
      // A recalled recipe keeps the provenance it was first saved with.
      from: recipe.source === 'remembered' && previous.success ? previous.data.from : recipe.source,
      origin: recipe.source === 'remembered' && previous.success ? previous.data.origin : recipe.origin,
      savedAt: now,
    };
    all[String(port)] = entry;
    writeFileAtomic(recipesFile(dataDir), `${JSON.stringify(all, null, 2)}\n`, 0o600);
  };
  withFileLockSync(recipesFile(dataDir), remember, { timeoutMs: 2000 });
}

/** Remembering is a convenience: the reason it failed (a read-only data directory), or null. */
export function tryRememberRecipe(dataDir: string, port: number, recipe: Recipe, now = Date.now()): string | null {
  try {
    rememberRecipe(dataDir, port, recipe, now);
    return null;
  } catch (err) {
    return `could not remember the recipe in ${dataDir}: ${(err as Error).message}`;
  }
}

/**
 * Drops the port's remembered recipe if it is `failed` (same command, same folder), so the next
 * start tries the next candidate instead of the recipe that just failed. Returns why it could not.
 */
export function forgetRecipe(dataDir: string, port: number, failed: Pick<Recipe, 'command' | 'cwd'>): string | null {
  const text = (c: Recipe['command']) => (typeof c === 'string' ? c : c.join('\0'));
  try {
    withFileLockSync(
      recipesFile(dataDir),
      () => {
        const all = readAll(dataDir);
        const entry = entrySchema().safeParse(all[String(port)]);
        if (!entry.success || entry.data.cwd !== failed.cwd || text(entry.data.command) !== text(failed.command)) return;
        delete all[String(port)];
        writeFileAtomic(recipesFile(dataDir), `${JSON.stringify(all, null, 2)}\n`, 0o600);
      },
      { timeoutMs: 2000 },
    );
    return null;
  } catch (err) {
    return `could not drop the failed recipe from ${dataDir}: ${(err as Error).message}`;
  }
}
