// Bundles every entry point with esbuild. The sandboxed preload must be a single CommonJS file
// (a sandboxed preload cannot require() project files), so nothing is left external there but electron.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist');
const quiet = process.argv.includes('--quiet');

const node = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: quiet ? 'error' : 'info',
  absWorkingDir: root,
};

mkdirSync(join(out, 'renderer'), { recursive: true });
await Promise.all([
  build({ ...node, entryPoints: ['main/app/main.ts'], outfile: 'dist/main.js', packages: 'external' }),
  // The app's watcher and scans run in this worker (createWorkerService finds it beside main.js).
  build({ ...node, entryPoints: ['main/core/service/worker/entry.ts'], outfile: 'dist/service-worker.js', packages: 'external' }),
  build({ ...node, entryPoints: ['main/cli/index.ts'], outfile: 'dist/cli.js', packages: 'external' }),
  // The quick-answer commands also get a bundle of their own (bin/portwarden.js picks it): parsing
  // and initialising every command's code is a third of `portwarden who`'s own start.
  build({
    ...node,
    entryPoints: { 'cli-who': 'main/cli/entries/who.ts', 'cli-ls': 'main/cli/entries/ls.ts' },
    outdir: 'dist',
    packages: 'external',
  }),
  build({ ...node, entryPoints: ['bench/bench.ts'], outfile: 'dist/bench.js', packages: 'external' }),
  build({ ...node, entryPoints: ['preload/preload.ts'], outfile: 'dist/preload.js', external: ['electron'], target: 'chrome130' }),
  build({
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'chrome130',
    sourcemap: 'linked',
    logLevel: quiet ? 'error' : 'info',
    absWorkingDir: root,
    entryPoints: ['renderer/index.ts'],
    outfile: 'dist/renderer/renderer.js',
  }),
]);
// The page and its stylesheets go as they are: the CSP allows only files next to index.html.
for (const file of readdirSync(join(root, 'renderer')).filter((f) => /\.(html|css)$/.test(f)))
  cpSync(join(root, 'renderer', file), join(out, 'renderer', file));
