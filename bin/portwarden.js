#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI is bundled to dist/cli.js by `npm run build` (also run by `npm ci`'s
// prepare step). Building on first use keeps `npx portwarden` working in a fresh checkout.
// node:child_process is required only then: it costs 10–20 ms of every command's start.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const dist = join(__dirname, '..', 'dist');
const cli = join(dist, 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('portwarden: first run, building the CLI…\n');
  const { execFileSync } = require('node:child_process');
  execFileSync(process.execPath, [join(__dirname, '..', 'scripts', 'build.mjs'), '--quiet'], { stdio: 'inherit' });
}
// `who` and `ls` have bundles of their own (scripts/build.mjs), a third smaller than the whole CLI.
const command = process.argv[2];
const own = command === 'who' || command === 'ls' ? join(dist, `cli-${command}.js`) : null;
require(own && existsSync(own) ? own : cli);
