import type { RunCommand } from '../../main/core/scan/run-command';
import { win32Fixture } from './captures';

export interface FakeWindowsMachine {
  /** netstat's output text; the English capture's by default. */
  v4?: string;
  v6?: string;
  /** A Win32_Process list (PowerShell JSON): a fixture name under test/fixtures/win32/. */
  cim?: string;
  /** Changes a CIM row before it is answered. */
  edit?: (row: Record<string, unknown>) => Record<string, unknown>;
}

/**
 * A fake Windows: netstat answers with recorded text, PowerShell
 * scripts are decoded and answered from a recorded Win32_Process list for the pids they ask, with
 * the Owner column only where the script asks GetOwner, as the real adapter's scripts do.
 */
export function fakeWindows(m: FakeWindowsMachine = {}) {
  const scripts: string[] = [];
  const cim = (JSON.parse(win32Fixture(m.cim ?? 'cim-processes-ps51.json')) as Array<Record<string, unknown>>).map(m.edit ?? ((r) => r));
  const text = async (cmd: string, args: string[]) => {
    if (cmd === 'netstat')
      return args.includes('TCPv6') ? (m.v6 ?? win32Fixture('netstat-tcpv6-en.txt')) : (m.v4 ?? win32Fixture('netstat-tcp-en.txt'));
    if (cmd !== 'powershell.exe') throw new Error(`unexpected command ${cmd}`);
    const script = Buffer.from(args[args.indexOf('-EncodedCommand') + 1]!, 'base64').toString('utf16le');
    scripts.push(script);
    if (script.includes('Get-NetTCPConnection')) return win32Fixture('get-nettcpconnection.json');
    const filter = /-Filter "([^"]+)"/.exec(script);
    const wanted = filter ? new Set([...filter[1]!.matchAll(/ProcessId=(\d+)/g)].map((x) => Number(x[1]))) : null;
    const withOwner = script.includes('GetOwner');
    const rows = cim
      .filter((r) => !wanted || wanted.has(Number(r.ProcessId)))
      .map((r) => (withOwner ? r : Object.fromEntries(Object.entries(r).filter(([k]) => k !== 'Owner'))));
    // ConvertTo-Json of one object is a bare object.
    return JSON.stringify(rows.length === 1 ? rows[0] : rows);
  };
  const run: RunCommand = async (cmd, args) => ({ stdout: await text(cmd, args), stderr: '', code: 0, durationMs: 1 });
  const cimQueries = () => scripts.filter((s) => s.includes('Win32_Process'));
  return { run, scripts, cimQueries };
}
