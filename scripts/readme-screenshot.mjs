// Runs scripts/readme-screenshot.ts (it reuses the TypeScript test harness and fixtures). Node 20
// cannot run TypeScript, so esbuild bundles it first. Bundling merges every file into one, which
// would give them all the bundle's __dirname; the harness and the fixtures find their files
// relative to their own, so each module gets its source folder back as __dirname.
import { build } from 'esbuild';
import { mkdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Inside the project, so the bundle's require() of playwright-core and esbuild finds node_modules.
const outfile = join(root, 'node_modules', '.cache', `portwarden-readme-screenshot-${process.pid}.cjs`);
mkdirSync(dirname(outfile), { recursive: true });
const ownDirname = {
  name: 'own-dirname',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => ({
      contents: `const __dirname = ${JSON.stringify(dirname(args.path))};\n${await readFile(args.path, 'utf8')}`,
      loader: 'ts',
    }));
  },
};
await build({
  entryPoints: [join(root, 'scripts', 'readme-screenshot.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  outfile,
  plugins: [ownDirname],
  logLevel: 'error',
  absWorkingDir: root,
});
process.on('exit', () => rmSync(outfile, { force: true }));
createRequire(import.meta.url)(outfile);
