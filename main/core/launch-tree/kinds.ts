// Which programs launch, fork, watch, manage or run servers side by side. Names are the package
// (from a node_modules path) or the program's file name, so a renamed `node` is still recognised.

import type { LaunchKind } from '../types';

export type { LaunchKind };

export const LAUNCHERS = new Set(['npm', 'npx', 'pnpm', 'pnpx', 'yarn', 'yarnpkg', 'corepack', 'bunx']);
export const SHELLS = new Set(['sh', 'bash', 'dash', 'zsh', 'ksh', 'ash', 'fish']);

/** Dev-server CLIs, by package, with the name people type. */
export const TOOL_PACKAGES: Record<string, string> = {
  next: 'next',
  vite: 'vite',
  nuxt: 'nuxt',
  nuxi: 'nuxt',
  astro: 'astro',
  '@remix-run/dev': 'remix',
  '@react-router/dev': 'react-router',
  'webpack-dev-server': 'webpack-dev-server',
  'webpack-cli': 'webpack',
  webpack: 'webpack',
  '@angular/cli': 'ng',
  'react-scripts': 'react-scripts',
  parcel: 'parcel',
  gatsby: 'gatsby',
  '@sveltejs/kit': 'svelte-kit',
  vitepress: 'vitepress',
  '@docusaurus/core': 'docusaurus',
  storybook: 'storybook',
  expo: 'expo',
  wrangler: 'wrangler',
  '@vue/cli-service': 'vue-cli-service',
  '@11ty/eleventy': 'eleventy',
};

/** `.bin` names that differ from their package's display name. */
export const TOOL_BINS: Record<string, string> = {
  ng: 'ng',
  'vue-cli-service': 'vue-cli-service',
  eleventy: 'eleventy',
  'svelte-kit': 'svelte-kit',
};

export const WATCHERS: Record<string, string> = {
  nodemon: 'nodemon',
  'ts-node-dev': 'ts-node-dev',
  tsnd: 'ts-node-dev',
  'node-dev': 'node-dev',
  'tsc-watch': 'tsc-watch',
  supervisor: 'supervisor',
};

export const PARALLEL_RUNNERS: Record<string, string> = {
  concurrently: 'concurrently',
  'npm-run-all': 'npm-run-all',
  'npm-run-all2': 'npm-run-all',
  'run-p': 'run-p',
  'run-s': 'run-s',
  turbo: 'turbo',
  nx: 'nx',
  lerna: 'lerna',
  wireit: 'wireit',
};

export const PROCESS_MANAGERS: Record<string, string> = {
  pm2: 'pm2',
  forever: 'forever',
  systemd: 'systemd',
  supervisord: 'supervisord',
  'containerd-shim': 'docker',
  'containerd-shim-runc-v2': 'docker',
  dockerd: 'docker',
  'docker-init': 'docker',
  runsv: 'runit',
  's6-supervise': 's6',
};
