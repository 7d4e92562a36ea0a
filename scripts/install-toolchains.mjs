#!/usr/bin/env node
// Installs the real dev toolchains of test/toolchains (npm ci) and builds its Next app once, both
// cached by hash so a second run costs a few milliseconds. Exit codes: 0 ready, 3 the npm registry
// is unreachable (the caller skips the toolchain suite with that line), 1 anything else.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../test/toolchains/', import.meta.url));
const installStamp = join(root, 'node_modules', '.portwarden-lock-hash');
const nextApp = join(root, 'next-app');
const buildStamp = join(nextApp, '.next', '.portwarden-source-hash');
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1', npm_config_update_notifier: 'false' };

const say = (line) => console.log(`[toolchains] ${line}`);

function hashOf(paths) {
  const hash = createHash('sha256');
  for (const path of paths) hash.update(relative(root, path)).update('\0').update(readFileSync(path));
  return hash.digest('hex');
}

function sourcesOf(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === '.next' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourcesOf(path));
    else out.push(path);
  }
  return out.sort();
}

const readStamp = (path) => (existsSync(path) ? readFileSync(path, 'utf8').trim() : null);

function run(command, args, what) {
  const started = Date.now();
  say(`${what}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, env, stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  process.stderr.write(result.stderr ?? '');
  if (result.status !== 0) {
    // npm reports a missing network as one of these codes; the suite then skips instead of failing.
    if (/E(NOTFOUND|AI_AGAIN|CONNREFUSED|CONNRESET|TIMEDOUT|NETUNREACH)|ETIMEDOUT|network/i.test(result.stderr ?? '')) {
      say(`the npm registry is unreachable (${what} failed): toolchain tests skipped; connect and run node scripts/install-toolchains.mjs`);
      process.exit(3);
    }
    say(`${what} failed with exit ${result.status}: see the output above, then run node scripts/install-toolchains.mjs again`);
    process.exit(1);
  }
  say(`${what} done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const lockHash = hashOf([join(root, 'package.json'), join(root, 'package-lock.json')]);
if (readStamp(installStamp) === lockHash) {
  say('node_modules matches package-lock.json: install skipped');
} else {
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], 'installing the pinned toolchains');
  writeFileSync(installStamp, `${lockHash}\n`);
}

// The lock hash is part of the build's: a new Next version rebuilds.
const sourceHash = hashOf([...sourcesOf(nextApp), join(root, 'package-lock.json')]);
if (readStamp(buildStamp) === sourceHash && statSync(join(nextApp, '.next', 'BUILD_ID'), { throwIfNoEntry: false })) {
  say('next-app/.next matches its sources: build skipped');
} else {
  run('npm', ['run', '--silent', 'next-build'], 'building next-app for next start');
  writeFileSync(buildStamp, `${sourceHash}\n`);
}
say('ready');
