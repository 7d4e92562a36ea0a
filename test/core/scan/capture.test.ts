import { describe, expect, it } from 'vitest';
import { parseCapture } from '../../../main/core/scan/capture/capture-format';
import { recordingRunner, redactHome } from '../../../main/core/scan/capture/record';
import { replayRunner } from '../../../main/core/scan/capture/replay';
import type { RunCommand } from '../../../main/core/scan/run-command';
import { loadCapture } from '../../helpers/captures';

describe('recording', () => {
  it('writes the home folder as ~, as printed, as lsof escapes it and as JSON escapes it; whole components only', () => {
    expect(redactHome('n/Users/alice/shop\ncwd /Users/alice\n/Users/alicemore/x', '/Users/alice')).toBe(
      'n~/shop\ncwd ~\n/Users/alicemore/x',
    );
    expect(redactHome('n/Users/j\\xc3\\xbcrgen/app', '/Users/jürgen')).toBe('n~/app');
    expect(redactHome('{"CommandLine":"C:\\\\Users\\\\Alice\\\\shop\\\\server.js"}', 'C:\\Users\\Alice')).toBe(
      '{"CommandLine":"~\\\\shop\\\\server.js"}',
    );
    expect(redactHome('alice owns /Users/alice', '/Users/alice')).toBe('alice owns ~');
  });

  it('keeps stdout, stderr, exit code and duration of each command, and a failure as its message', async () => {
    const run: RunCommand = async (cmd) => {
      if (cmd === 'lsof') throw new Error('lsof timed out after 15 s and was killed');
      return { stdout: '/home/me/x\n', stderr: 'warn\n', code: 1, durationMs: 4.5 };
    };
    const rec = recordingRunner(run, '/home/me');
    await rec.run('ps', ['-p', '1']);
    await expect(rec.run('lsof', ['-b'])).rejects.toThrow('timed out');
    expect(rec.commands[0]).toEqual({ cmd: 'ps', args: ['-p', '1'], stdout: '~/x\n', stderr: 'warn\n', code: 1, durationMs: 4.5 });
    expect(rec.commands[1]).toMatchObject({
      cmd: 'lsof',
      args: ['-b'],
      stdout: '',
      code: null,
      error: 'lsof timed out after 15 s and was killed',
    });
  });
});

describe('replaying', () => {
  const capture = loadCapture('darwin', 'sonoma-14');

  it('answers a command line with what was recorded for it, and a failure with its error', async () => {
    const lsof = capture.commands.find((c) => c.cmd === 'lsof')!;
    const run = replayRunner({
      ...capture,
      commands: [
        ...capture.commands,
        { cmd: 'sw_vers', args: [], stdout: '', stderr: '', code: null, durationMs: 1, error: 'sw_vers could not run (ENOENT)' },
      ],
    });
    expect(await run('lsof', lsof.args)).toEqual({
      stdout: lsof.stdout,
      stderr: lsof.stderr,
      code: lsof.code,
      durationMs: lsof.durationMs,
    });
    await expect(run('sw_vers', [])).rejects.toThrow('sw_vers could not run (ENOENT)');
  });

  it('names a command the capture does not hold instead of guessing', async () => {
    await expect(replayRunner(capture)('ps', ['-p', '99999'])).rejects.toThrow(
      /^the capture holds no output for `ps -p 99999` \(it holds: netstat, lsof, ps\); capture again/,
    );
  });

  it('serves a command recorded twice in order, then repeats the last answer', async () => {
    const one = { cmd: 'netstat', args: ['-anvl'], stderr: '', code: 0, durationMs: 1 };
    const run = replayRunner({
      ...capture,
      commands: [
        { ...one, stdout: 'first' },
        { ...one, stdout: 'second' },
      ],
    });
    expect((await Promise.all([1, 2, 3].map(() => run('netstat', ['-anvl'])))).map((r) => r.stdout)).toEqual(['first', 'second', 'second']);
  });
});

describe('validating a capture file', () => {
  const good = JSON.stringify(loadCapture('darwin', 'tahoe-26'));
  it.each([
    ['not JSON', '{', /^bug\.json is not JSON \(.*\); make a capture with `portwarden doctor --capture FILE`$/],
    [
      'another JSON file',
      '{"name":"x"}',
      /^bug\.json is not a Portwarden capture: format: .*; make one with `portwarden doctor --capture FILE`$/,
    ],
    ['a bad command', good.replace('"code":0', '"code":"0"'), /^bug\.json is not a Portwarden capture: commands\[0\]\.code: /],
    ['an empty platform', good.replace('"platform":"darwin"', '"platform":""'), /^bug\.json is not a Portwarden capture: platform: /],
    ['a newer version', good.replace('"version":1', '"version":2'), /^bug\.json is not a Portwarden capture: version: /],
  ])('refuses %s in one line naming the field', (_label, text, message) => {
    expect(() => parseCapture(text, 'bug.json')).toThrow(message);
  });

  it('accepts a capture', () => {
    expect(parseCapture(good, 'bug.json').platform).toBe('darwin');
  });
});
