import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export type DecisiveKind = 'address-in-use' | 'error' | 'last';

export interface DecisiveLine {
  line: string;
  kind: DecisiveKind;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;
const IN_USE = /EADDRINUSE|address already in use/i;
// "Error: …", "TypeError: …", "Error [ERR_MODULE_NOT_FOUND]: …", "Uncaught SyntaxError: …"
const ERROR = /^\s*(?:Uncaught\s+)?(?:[A-Z]\w*)?(?:Error|Exception)(?:\s*\[[\w.]+\])?:/;

export function cleanLines(text: string): string[] {
  return text
    .replace(ANSI, '')
    .split(/\r?\n/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
}

/**
 * The line that explains a failed start: the port being taken (the incident's line), else a
 * stack trace's first error line, else the last thing it said.
 */
export function decisiveLine(lines: readonly string[]): DecisiveLine | null {
  const inUse = lines.find((l) => IN_USE.test(l));
  if (inUse) return { line: inUse.trim(), kind: 'address-in-use' };
  const error = lines.find((l) => ERROR.test(l));
  if (error) return { line: error.trim(), kind: 'error' };
  const last = lines.at(-1);
  return last ? { line: last.trim(), kind: 'last' } : null;
}

/** The last lines of a log, reading at most `maxBytes` from its end (a dev server's log grows). */
export function readLogTail(path: string, maxLines = 20, maxBytes = 64 * 1024): string[] {
  let fd: number | null = null;
  try {
    fd = openSync(path, 'r');
    const size = fstatSync(fd).size;
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    const lines = cleanLines(buffer.toString('utf8'));
    if (size > maxBytes) lines.shift(); // probably cut in the middle
    return lines.slice(-maxLines);
  } catch {
    return [];
  } finally {
    if (fd !== null) closeSync(fd);
  }
}
