import type { Command } from '../context';

// Each command is imported when it runs, not before: esbuild turns these imports into lazily
// evaluated parts of dist/cli.js, so `who` does not pay for what `restart` or `doctor` load.
// Help (rare) loads them all for their summaries.
export interface CommandEntry {
  name: string;
  load(): Promise<Command>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'ls', load: async () => (await import('./ls')).ls },
  { name: 'who', load: async () => (await import('./who')).who },
  { name: 'watch', load: async () => (await import('./watch')).watch },
  { name: 'kill', load: async () => (await import('./kill')).kill },
  { name: 'free', load: async () => (await import('./free')).free },
  { name: 'restart', load: async () => (await import('./restart')).restart },
  { name: 'start', load: async () => (await import('./start')).start },
  { name: 'config', load: async () => (await import('./config')).config },
  { name: 'doctor', load: async () => (await import('./doctor')).doctor },
];
