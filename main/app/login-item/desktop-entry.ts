// The XDG autostart entry as data: built, parsed and compared by pure functions so the
// quoting rules (two escape layers, see quoteExecArg) are tested without touching a disk.

/** Characters that force an Exec argument into double quotes (Desktop Entry spec, "The Exec key"). */
const RESERVED = /[\s"'\\><~|&;$*?#()`]/;
/** Inside double quotes these four still need a backslash. */
const QUOTE_ESCAPED = /["`$\\]/g;

export interface DesktopEntryInput {
  /** Absolute path of what to run at login: the AppImage or the installed executable. */
  executable: string;
  args: readonly string[];
  name?: string;
  comment?: string;
  icon?: string;
}

/**
 * Quotes one Exec argument. The spec applies the string-value escape (`\\`, `\n`, …) on top of the
 * quoting rule, so a literal backslash in a quoted argument is written as four backslashes; `%` is
 * a field-code introducer and is doubled.
 */
export function quoteExecArg(arg: string): string {
  const fieldSafe = arg.replace(/%/g, '%%');
  const quoted = RESERVED.test(arg) || arg === '' ? `"${fieldSafe.replace(QUOTE_ESCAPED, (c) => `\\${c}`)}"` : fieldSafe;
  return escapeStringValue(quoted);
}

export function buildExec(executable: string, args: readonly string[]): string {
  return [executable, ...args].map(quoteExecArg).join(' ');
}

export function buildDesktopEntry(input: DesktopEntryInput): string {
  const lines = [
    '[Desktop Entry]',
    'Type=Application',
    'Version=1.0',
    `Name=${escapeStringValue(input.name ?? 'Portwarden')}`,
    `Comment=${escapeStringValue(input.comment ?? 'Who owns your dev ports, and is the owner really alive?')}`,
    `Exec=${buildExec(input.executable, input.args)}`,
    `Icon=${escapeStringValue(input.icon ?? 'portwarden')}`,
    'Terminal=false',
    'Categories=Development;',
    // GNOME's "Startup Applications" flips this key rather than deleting the file; we read it back.
    'X-GNOME-Autostart-enabled=true',
  ];
  return `${lines.join('\n')}\n`;
}

/** Keys of the `[Desktop Entry]` group, values unescaped; other groups and comments are ignored. */
export function parseDesktopEntry(text: string): Map<string, string> {
  const keys = new Map<string, string>();
  let inMain = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    if (line.startsWith('[')) {
      inMain = line === '[Desktop Entry]';
      continue;
    }
    const eq = line.indexOf('=');
    if (!inMain || eq < 0) continue;
    const key = line.slice(0, eq).trim();
    // First occurrence wins, as in GLib's key file parser.
    if (!keys.has(key)) keys.set(key, unescapeStringValue(line.slice(eq + 1).trim()));
  }
  return keys;
}

/**
 * Splits an (already string-unescaped) Exec value into argv: the inverse of buildExec, and
 * tolerant of entries written by hand or by other tools (unquoted args, `%%`, field codes dropped).
 */
export function parseExec(exec: string): string[] {
  const argv: string[] = [];
  let current = '';
  let inArg = false;
  let quoted = false;
  for (let i = 0; i < exec.length; i++) {
    const c = exec[i]!;
    if (quoted) {
      if (c === '\\' && i + 1 < exec.length && '"`$\\'.includes(exec[i + 1]!)) current += exec[++i];
      else if (c === '"') quoted = false;
      else current += c;
    } else if (c === '"') {
      quoted = true;
      inArg = true;
    } else if (c === ' ' || c === '\t') {
      if (inArg) argv.push(current);
      current = '';
      inArg = false;
    } else {
      current += c;
      inArg = true;
    }
  }
  if (inArg) argv.push(current);
  return argv.filter((a) => !/^%[fFuUdDnNickvm]$/.test(a)).map((a) => a.replace(/%%/g, '%'));
}

function escapeStringValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r');
}

function unescapeStringValue(value: string): string {
  return value.replace(/\\([\\nstr])/g, (_, c: string) => ({ '\\': '\\', n: '\n', s: ' ', t: '\t', r: '\r' })[c]!);
}
