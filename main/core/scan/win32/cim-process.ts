import { powershellRows } from './powershell-json';

// Process details on Windows come from CIM (Win32_Process) through PowerShell, as JSON.
// Win32_Process has no working directory (it lives in the process's PEB, readable only from
// native code), no process group or session id in the POSIX sense, and no owner: GetOwner is a
// method call per process, so it is asked only for the few processes that hold a port.

const FIELDS = 'ProcessId,ParentProcessId,Name,CommandLine,ExecutablePath,CreationDate';

/** The PowerShell script that lists processes (`all`, or some pids) as one JSON array. */
export function cimProcessScript(pids: readonly number[] | 'all', withOwner: boolean): string {
  const filter = pids === 'all' ? '' : ` -Filter "${pids.map((p) => `ProcessId=${Math.trunc(p)}`).join(' OR ')}"`;
  const owner = withOwner
    ? ",@{n='Owner';e={$o = Invoke-CimMethod -InputObject $_ -MethodName GetOwner; if ($o.ReturnValue -eq 0) { if ($o.Domain) { $o.Domain + '\\' + $o.User } else { $o.User } } }}"
    : '';
  // UTF-8 out, or non-ASCII command lines arrive in the OEM code page; -InputObject @() keeps
  // the output an array even for one process or none.
  return (
    "[Console]::OutputEncoding = [Text.Encoding]::UTF8; $ErrorActionPreference = 'SilentlyContinue'; " +
    `ConvertTo-Json -Compress -InputObject @(Get-CimInstance Win32_Process${filter} | Select-Object ${FIELDS}${owner})`
  );
}

/** `powershell.exe` arguments; -EncodedCommand spares the script from Windows command-line quoting. */
export function powershellArgs(script: string): string[] {
  return [
    '-NoProfile',
    '-NonInteractive',
    '-ExecutionPolicy',
    'Bypass',
    '-EncodedCommand',
    Buffer.from(script, 'utf16le').toString('base64'),
  ];
}

export interface CimProcess {
  pid: number;
  ppid: number | null;
  name: string;
  commandLine: string | null;
  exe: string | null;
  /** ms since the epoch, whole milliseconds whatever the source format. */
  startTime: number | null;
  user: string | null;
}

const DMTF = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\.(\d{6})([+-])(\d{3})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * CreationDate as each PowerShell writes it: Windows PowerShell 5.1's ConvertTo-Json gives
 * "/Date(1700000000123)/" (sometimes wrapped as {value, DisplayHint, DateTime}), PowerShell 7
 * gives ISO 8601 with 100 ns digits, and WMI (Get-WmiObject) gives DMTF
 * "20231114220000.123456+060" (offset in minutes). All are cut to whole milliseconds, so the same
 * process gets the same start time whichever format a machine produces.
 */
export function parseCimDate(value: unknown): number | null {
  if (value && typeof value === 'object' && 'value' in value) return parseCimDate((value as { value: unknown }).value);
  if (typeof value !== 'string') return null;
  const ms = /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(value);
  if (ms) return Number(ms[1]);
  const d = DMTF.exec(value);
  if (d) {
    const utc = Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!, +d[4]!, +d[5]!, +d[6]!, Math.floor(+d[7]! / 1000));
    return utc - (d[8] === '-' ? -1 : 1) * Number(d[9]) * 60_000;
  }
  const i = ISO.exec(value);
  if (i) {
    const millis = Math.floor(Number(`0.${i[7] ?? '0'}`) * 1000);
    const parts = [+i[1]!, +i[2]! - 1, +i[3]!, +i[4]!, +i[5]!, +i[6]!, millis] as const;
    if (!i[8]) return new Date(...parts).getTime(); // no zone: local time, as .NET's Unspecified kind means
    const utc = Date.UTC(...parts);
    if (i[8] === 'Z') return utc;
    const sign = i[8].startsWith('-') ? -1 : 1;
    return utc - sign * (Number(i[8].slice(1, 3)) * 60 + Number(i[8].slice(4, 6))) * 60_000;
  }
  return null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

export function parseCimProcesses(text: string): CimProcess[] {
  const out: CimProcess[] = [];
  for (const r of powershellRows(text)) {
    const pid = Number(r.ProcessId);
    if (!Number.isInteger(pid) || pid < 0) continue;
    const ppid = Number(r.ParentProcessId);
    out.push({
      pid,
      ppid: Number.isInteger(ppid) && ppid > 0 ? ppid : null,
      name: str(r.Name) ?? '',
      commandLine: str(r.CommandLine),
      exe: str(r.ExecutablePath),
      startTime: parseCimDate(r.CreationDate),
      user: str(r.Owner),
    });
  }
  return out;
}

/**
 * Splits a command line the way CommandLineToArgvW and the MSVC runtime do: the program name ends
 * at the closing quote with backslashes literal; after it, 2n backslashes before a quote give n and
 * a delimiter, 2n+1 give n and a literal quote, and `""` inside quotes is a literal quote.
 */
export function splitWindowsCommandLine(line: string): string[] {
  const args: string[] = [];
  const n = line.length;
  const blank = (c: string | undefined) => c === ' ' || c === '\t';
  let i = 0;
  while (i < n && blank(line[i])) i++;
  if (i >= n) return args;
  let first = '';
  if (line[i] === '"') {
    i++;
    while (i < n && line[i] !== '"') first += line[i++];
    i++;
  } else {
    while (i < n && !blank(line[i])) first += line[i++];
  }
  args.push(first);
  for (;;) {
    while (i < n && blank(line[i])) i++;
    if (i >= n) break;
    let cur = '';
    let quoted = false;
    while (i < n && (quoted || !blank(line[i]))) {
      const c = line[i]!;
      if (c === '\\') {
        let k = 0;
        while (line[i + k] === '\\') k++;
        if (line[i + k] === '"') {
          cur += '\\'.repeat(k >> 1);
          if (k % 2 === 1) {
            cur += '"';
            i += k + 1;
          } else {
            i += k;
          }
        } else {
          cur += '\\'.repeat(k);
          i += k;
        }
      } else if (c === '"') {
        if (quoted && line[i + 1] === '"') {
          cur += '"';
          i += 2;
        } else {
          quoted = !quoted;
          i++;
        }
      } else {
        cur += c;
        i++;
      }
    }
    args.push(cur);
  }
  return args;
}
