import { readFileSync } from 'node:fs';
import { lazy, type Zod, zod } from '../../lazy';

// A capture is the raw output of every OS command of one scan, for a bug report: a replay feeds it
// to the same platform adapter on any OS, and a copy under test/fixtures/ becomes a test.

export const CAPTURE_FORMAT = 'portwarden-capture';
export const CAPTURE_VERSION = 1;

const schemas = lazy(() => {
  const z = zod();
  const entry = z.strictObject({
    cmd: z.string().min(1),
    args: z.array(z.string()),
    stdout: z.string(),
    stderr: z.string(),
    /** null: ended by a signal, or never ran (see `error`). */
    code: z.number().int().nullable(),
    durationMs: z.number().nonnegative(),
    /** Set when the command could not start or timed out; a replay rejects with it. */
    error: z.string().optional(),
  });

  const capture = z.strictObject({
    format: z.literal(CAPTURE_FORMAT),
    version: z.literal(CAPTURE_VERSION),
    /** Where the file came from, in words: `portwarden doctor --capture`, or how a fixture was made. */
    source: z.string(),
    createdAt: z.string(),
    portwarden: z.string(),
    /** The adapter's platform (process.platform's words): only darwin and win32 captures hold commands. */
    platform: z.string().min(1),
    release: z.string(),
    arch: z.string(),
    timeZone: z.string().optional(),
    user: z.string().nullable(),
    isRoot: z.boolean(),
    commands: z.array(entry),
  });
  return { entry, capture };
});

export type CapturedCommand = Zod.infer<ReturnType<typeof schemas>['entry']>;
export type Capture = Zod.infer<ReturnType<typeof schemas>['capture']>;

export class CaptureError extends Error {}

function where(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('') || 'the file';
}

/** Checks a capture; a bad one is one line naming the file, the field and what to do. */
export function parseCapture(text: string, file: string): Capture {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CaptureError(`${file} is not JSON (${(err as Error).message}); make a capture with \`portwarden doctor --capture FILE\``);
  }
  const result = schemas().capture.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new CaptureError(
      `${file} is not a Portwarden capture: ${where(issue.path)}: ${issue.message}; make one with \`portwarden doctor --capture FILE\``,
    );
  }
  return result.data;
}

export function readCapture(file: string): Capture {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new CaptureError(`cannot read the capture ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseCapture(text, file);
}
