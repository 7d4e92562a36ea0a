import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replayScanner } from '../../../main/core/scan/capture/replay-scanner';
import { type CapturePlatform, captureNames, capturesDir, listenerFacts, loadCapture } from '../../helpers/captures';

// Every capture under test/fixtures/{darwin,win32}/captures/ runs through the real adapter of its
// platform, answered by the replaying runner. A capture from a bug report becomes a test by
// copying it here; the first run prints the expectation to check and save next to it.

interface Expected {
  listeners: ReturnType<typeof listenerFacts>;
  notes: string[];
}

const platforms: CapturePlatform[] = ['darwin', 'win32'];

describe.each(platforms)('captures of %s through the real adapter', (platform) => {
  it.each(captureNames(platform))('%s', async (name) => {
    const capture = loadCapture(platform, name);
    const scanner = replayScanner(capture, name);
    const actual: Expected = { listeners: listenerFacts(await scanner.scan(), platform), notes: scanner.notes?.() ?? [] };
    const file = new URL(`${name}.expected.json`, capturesDir(platform));
    if (!existsSync(file)) {
      throw new Error(
        `no ${name}.expected.json: check what the adapter made of the capture, then save it as that file:\n${JSON.stringify(actual, null, 2)}`,
      );
    }
    expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    // The process list is in every capture, so `ls`/`who` replays can walk parents.
    expect((await scanner.list()).length).toBeGreaterThan(0);
  });
});
