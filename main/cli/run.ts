import { COMMANDS } from './commands';
import { type CliContext, EXIT } from './context';
import { runCommand } from './run-command';

async function helpText(): Promise<string> {
  const commands = await Promise.all(COMMANDS.map((c) => c.load()));
  const width = Math.max(...commands.map((c) => c.usage.length));
  return [
    'portwarden: who owns your dev ports, and is it really alive?',
    '',
    ...commands.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`),
    '',
    'Every command takes --json for one machine-readable object.',
  ].join('\n');
}

/** Runs one CLI invocation; returns the exit code. Errors are one line on stderr, never a stack. */
export async function runCli(argv: string[], ctx: CliContext): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    ctx.out(await helpText());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version' || name === '-v') {
    ctx.out((await import('./commands/doctor')).versionLine());
    return EXIT.ok;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) {
    ctx.err(`portwarden: unknown command "${name}". Try: ${COMMANDS.map((c) => c.name).join(', ')}`);
    return EXIT.usage;
  }
  return runCommand(await entry.load(), rest, ctx);
}
