import { readFileSync, statSync } from 'node:fs';
import { pathApi } from './project-paths';
import type { ProjectFs } from './find-project';

export interface FsCalls {
  statSync(path: string): { mtimeMs: number; isFile(): boolean };
  readFileSync(path: string, encoding: 'utf8'): string;
}

const nodeFs: FsCalls = { statSync: (p) => statSync(p), readFileSync: (p, e) => readFileSync(p, e) };

/**
 * package.json names read through `fs`, cached by path and mtime: a scan asks for the same few
 * folders every tick, and a renamed package must show its new name on the next one.
 */
export function createProjectFs(fs: FsCalls = nodeFs): ProjectFs & { reads: () => number } {
  const cache = new Map<string, { mtimeMs: number; name: string | null }>();
  let reads = 0;
  return {
    reads: () => reads,
    packageName(dir) {
      const file = pathApi(dir).join(dir, 'package.json');
      let mtimeMs: number;
      try {
        const st = fs.statSync(file);
        if (!st.isFile()) return undefined;
        mtimeMs = st.mtimeMs;
      } catch {
        cache.delete(file);
        return undefined;
      }
      const hit = cache.get(file);
      if (hit && hit.mtimeMs === mtimeMs) return hit.name;
      let name: string | null = null;
      try {
        reads++;
        const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown };
        name = typeof parsed.name === 'string' && parsed.name.trim() ? parsed.name.trim() : null;
      } catch {
        // Half-written or hand-broken package.json: still a project folder, named by the folder.
      }
      cache.set(file, { mtimeMs, name });
      return name;
    },
  };
}
