import { PortError } from '../core/dev-ports';
import { type CliContext, type Command, EXIT, UsageError } from './context';

/** Runs one command with its arguments; a usage mistake becomes one line and exit 2, never a stack. */
export async function runCommand(command: Command, args: string[], ctx: CliContext): Promise<number> {
  try {
    return await command.run(args, ctx);
  } catch (err) {
    if (err instanceof UsageError || err instanceof PortError || isParseArgsError(err)) {
      // One line, so scripts and humans both see the whole story in `2>&1 | tail -1`.
      ctx.err(`portwarden ${command.name}: ${(err as Error).message} (usage: ${command.usage})`);
      return EXIT.usage;
    }
    throw err;
  }
}

function isParseArgsError(err: unknown): boolean {
  const code = (err as { code?: string } | null)?.code ?? '';
  return code.startsWith('ERR_PARSE_ARGS');
}
