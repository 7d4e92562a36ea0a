import { createScanner, type Scanner, type ScannerOptions } from '../create-scanner';
import { type Capture, CaptureError, readCapture } from './capture-format';
import type { RunCommand } from '../run-command';
import { replayRunner } from './replay';

export const REPLAY_ENV = 'PORTWARDEN_REPLAY';

/** The captured machine's adapter over its recorded output, on whatever OS this is. */
export function replayScanner(capture: Capture, file: string, wrap: (run: RunCommand) => RunCommand = (run) => run): Scanner {
  if (capture.platform !== 'darwin' && capture.platform !== 'win32') {
    throw new CaptureError(
      `${file} is a ${capture.platform} capture: that adapter reads the kernel, not commands, so there is nothing to replay`,
    );
  }
  const scanner = createScanner(capture.platform, { run: wrap(replayRunner(capture)), isRoot: capture.isRoot });
  return Object.assign(scanner, { replay: { file, platform: capture.platform } });
}

/** Commands that only look; the others act on this machine's processes, which must not be taken from a capture. */
const REPLAY_COMMANDS = new Set(['ls', 'who', 'doctor', 'config', 'help']);

/**
 * The scanner of one CLI run: this machine's, or with `PORTWARDEN_REPLAY=FILE` the captured
 * machine's adapter over the capture; an error line (exit 2) for a bad file or an acting command.
 */
export function cliScanner(
  command: string | undefined,
  env: NodeJS.ProcessEnv,
  options: Pick<ScannerOptions, 'netlink'> = {},
): { scanner: Scanner } | { error: string } {
  const file = env[REPLAY_ENV];
  if (!file) return { scanner: createScanner(process.platform, options) };
  if (command && !command.startsWith('-') && !REPLAY_COMMANDS.has(command)) {
    return {
      error: `portwarden ${command}: ${REPLAY_ENV} is set, and ${command} would act on this machine's processes, not the capture's; unset ${REPLAY_ENV}`,
    };
  }
  try {
    return { scanner: replayScanner(readCapture(file), file) };
  } catch (err) {
    if (err instanceof CaptureError) return { error: `portwarden: ${REPLAY_ENV}: ${err.message}` };
    throw err;
  }
}
