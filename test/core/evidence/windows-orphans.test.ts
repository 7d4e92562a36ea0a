import { describe, expect, it } from 'vitest';
import { type AncestryMemory, gatherEvidence } from '../../../main/core/evidence';
import { parentChain } from '../../../main/core/process';
import { type ProjectFs, projectOf } from '../../../main/core/project';
import { Win32PortTable } from '../../../main/core/scan/win32/win32-port-table';
import { defaultSettings } from '../../../main/core/settings/schema';
import type { Listener } from '../../../main/core/types';
import { computeVerdicts } from '../../../main/core/verdicts';
import { clockTime } from '../../../main/core/verdicts/wording';
import { win32Fixture } from '../../helpers/captures';
import { fakeWindows } from '../../helpers/fake-windows';

// A Windows machine as recorded output (test/fixtures/win32/orphans/, constructed on Linux, see the
// README there): `npm run start` → cmd.exe → node next → a next-server-like worker on 3000, whose
// three launchers have since exited; Vite on 5173, whose cmd.exe exited and whose PID 9000 now
// belongs to a newer notepad.exe; a healthy `node server.js` on 8081; wininit on 49664, a system
// process whose parent (smss) exited at boot, as on every Windows.

const B = Date.UTC(2023, 10, 14, 21, 0, 0);
const machine = (cim: string) =>
  new Win32PortTable({
    run: fakeWindows({
      cim: `orphans/${cim}`,
      v4: win32Fixture('orphans/netstat-tcp-en.txt'),
      v6: win32Fixture('orphans/netstat-tcpv6-en.txt'),
    }).run,
  });
const firstSeen = () => machine('cim-first-seen-ps51.json');
const now = () => machine('cim-now-ps51.json');

async function judged(port: number, memory: AncestryMemory | null = null) {
  const table = now();
  const listener = (await table.scan()).find((l: Listener) => l.port === port)!;
  const evidence = (await gatherEvidence(listener, { source: table, settings: defaultSettings(), memory, probe: null }))!;
  return {
    listener,
    evidence,
    orphaned: computeVerdicts(evidence).find((v) => v.kind === 'orphaned') ?? null,
    kinds: computeVerdicts(evidence).map((v) => v.kind),
  };
}

/** The chain the watcher remembers when it first sees the owner, while its launchers lived. */
async function rememberedAt(port: number, reparentedAt: number): Promise<AncestryMemory> {
  const table = firstSeen();
  const owner = (await table.scan()).find((l) => l.port === port)!.owner!;
  return { chain: await parentChain(table, owner), reparentedAt };
}

describe('orphaned on Windows, over recorded CIM and netstat output', () => {
  it('a dead parent PID: orphaned, with no adopter to name (Windows does not re-parent)', async () => {
    const { evidence, orphaned } = await judged(3000);
    expect(evidence.ancestry).toMatchObject({ ppid: 8100, parent: null, adoptedBy: null, parentExited: { ppid: 8100, reusedBy: null } });
    expect(orphaned?.explanation).toBe(
      'orphaned: its parent (PID 8100) has exited; Windows does not re-parent, so it outlived whatever started it',
    );
  });

  it('names the launcher from the chain remembered while it lived: npm, the outermost of the three that exited', async () => {
    const memory = await rememberedAt(3000, B + 25 * 60_000);
    expect(memory.chain.map((p) => p.pid)).toEqual([8100, 8000, 7992, 7100, 7000, 5200]);
    const { evidence, orphaned } = await judged(3000, memory);
    expect(evidence.ancestry?.launcher).toMatchObject({ pid: 7992, name: 'node.exe', exitedAt: B + 25 * 60_000 });
    // The command is cut at 60 characters, and node's full path takes half of them.
    expect(orphaned?.explanation).toMatch(
      new RegExp(
        `^orphaned: started by \`C:\\\\Program Files\\\\nodejs\\\\node\\.exe .*\` \\(PID 7992\\), which exited at ${clockTime(B + 25 * 60_000)}; Windows does not re-parent`,
      ),
    );
  });

  it('a parent PID reused by a newer process: that process is not its parent, and is named as such', async () => {
    const { evidence, orphaned } = await judged(5173);
    expect(evidence.ancestry?.parent).toBeNull();
    expect(evidence.ancestry?.parentExited).toMatchObject({
      ppid: 9000,
      reusedBy: { pid: 9000, name: 'notepad.exe', startTime: B + 30 * 60_000 },
    });
    expect(orphaned?.explanation).toContain(
      'its parent (PID 9000) has exited: PID 9000 now belongs to `C:\\WINDOWS\\system32\\notepad.exe C:\\Users\\Alice\\todo.txt`, started after it, so it is not its parent',
    );
    // The parent chain `who` shows ends there too, rather than listing notepad as the parent.
    const table = now();
    const owner = (await table.scan()).find((l) => l.port === 5173)!.owner!;
    expect(await parentChain(table, owner)).toEqual([]);
  });

  it('the reused PID is not mistaken for the remembered launcher being alive', async () => {
    const { evidence, orphaned } = await judged(5173, await rememberedAt(5173, B + 31 * 60_000));
    expect(evidence.ancestry?.launcher).toMatchObject({ pid: 9000, name: 'cmd.exe', startTime: B + 10 * 60_000 });
    expect(orphaned?.explanation).toContain('(PID 9000 now belongs to `C:\\WINDOWS\\system32\\notepad.exe');
  });

  it('a live parent created before the server: healthy', async () => {
    const { evidence, kinds } = await judged(8081);
    expect(evidence.ancestry).toMatchObject({ parent: { pid: 9400, name: 'cmd.exe' }, parentExited: null });
    expect(kinds).toEqual(['healthy']);
  });

  it('a system process whose parent exited at boot (wininit, smss) runs as designed: not orphaned', async () => {
    const { evidence, kinds } = await judged(49664);
    expect(evidence.ancestry).toMatchObject({ daemon: true, parentExited: { ppid: 496, reusedBy: null } });
    expect(kinds).toEqual(['healthy']);
  });

  it('the next-server-like worker has no cwd; its project folder comes from the node_modules path in its command line', async () => {
    const { listener, evidence } = await judged(3000);
    expect(evidence.owner.cwd).toBeNull();
    const fs: ProjectFs = { packageName: (dir) => (dir === 'C:\\Users\\Alice\\shop' ? 'shop' : undefined) };
    expect(projectOf(listener.owner!, fs)).toEqual({ root: 'C:\\Users\\Alice\\shop', name: 'shop', source: 'argv' });
  });
});
