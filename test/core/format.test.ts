import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatArgv, formatDuration } from '../../main/shared';

describe('formatArgv', () => {
  it.each([
    [['node', 'server.js', '--port', '4321'], 'node server.js --port 4321'],
    [['sh', '-c', 'npm run dev'], "sh -c 'npm run dev'"],
    [['echo', "it's"], "echo 'it'\\''s'"],
    [['node', '-e', '\nconst a = 1;\n\tgo()'], "node -e $'\\nconst a = 1;\\n\\tgo()'"],
    [['x', "a'b\\\nc"], "x $'a\\'b\\\\\\nc'"],
    [['x', 'bell\x07'], "x $'bell\\x07'"],
  ])('%j → %s', (argv, shown) => {
    expect(formatArgv(argv)).toBe(shown);
    expect(shown).not.toMatch(/\n/);
  });

  it('gives back exactly the original arguments when a shell reads it', () => {
    const argv = ['-e', '\nconst s = "x";\n\tconsole.log(\'y\')', "it's", 'a b', 'back\\slash', 'tab\there'];
    const echoed = execFileSync('bash', ['-c', `printf '%s\\0' ${formatArgv(argv)}`], { encoding: 'utf8' });
    expect(echoed.split('\0').slice(0, -1)).toEqual(argv);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [59_999, '59s'],
    [60_000, '1m'],
    [3_600_000, '1h'],
    [3_660_000, '1h 1m'],
    [86_400_000, '1d'],
    [90_000_000, '1d 1h'],
  ])('%i ms → %s', (ms, shown) => expect(formatDuration(ms)).toBe(shown));
});
