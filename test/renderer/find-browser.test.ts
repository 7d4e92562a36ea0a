import { describe, expect, it } from 'vitest';
import { browserCandidates, findBrowser } from './find-browser';

const only =
  (...present: string[]) =>
  (path: string) =>
    present.includes(path);

describe('findBrowser', () => {
  it('takes CHROME_PATH first, and says so in one line when it points at nothing', () => {
    const env = { CHROME_PATH: '/opt/chrome/chrome', PATH: '/usr/bin' };
    expect(findBrowser({ env, platform: 'linux', exists: only('/opt/chrome/chrome', '/usr/bin/chromium') })).toBe('/opt/chrome/chrome');
    expect(() => findBrowser({ env, platform: 'linux', exists: only('/usr/bin/chromium') })).toThrow(
      /^CHROME_PATH=\/opt\/chrome\/chrome does not exist: point it at a Chrome or Chromium executable/,
    );
  });

  it('finds Debian chromium, Ubuntu chromium-browser, Google Chrome, and a browser on PATH on Linux', () => {
    const env = { PATH: '/home/me/bin:/usr/bin' };
    expect(findBrowser({ env, platform: 'linux', exists: only('/usr/bin/chromium') })).toBe('/usr/bin/chromium');
    expect(findBrowser({ env, platform: 'linux', exists: only('/usr/bin/chromium-browser') })).toBe('/usr/bin/chromium-browser');
    expect(findBrowser({ env, platform: 'linux', exists: only('/usr/bin/google-chrome-stable') })).toBe('/usr/bin/google-chrome-stable');
    expect(findBrowser({ env, platform: 'linux', exists: only('/home/me/bin/google-chrome') })).toBe('/home/me/bin/google-chrome');
    // Chromium is preferred over Chrome when both are there.
    expect(findBrowser({ env, platform: 'linux', exists: only('/usr/bin/google-chrome', '/snap/bin/chromium') })).toBe(
      '/snap/bin/chromium',
    );
  });

  it('finds Chrome, then Chromium, in /Applications or ~/Applications on macOS', () => {
    const env = { HOME: '/Users/me' };
    const chrome = '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome';
    expect(findBrowser({ env, platform: 'darwin', exists: only(chrome, '/Applications/Chromium.app/Contents/MacOS/Chromium') })).toBe(
      chrome,
    );
    expect(findBrowser({ env, platform: 'darwin', exists: only('/Users/me/Applications/Chromium.app/Contents/MacOS/Chromium') })).toBe(
      '/Users/me/Applications/Chromium.app/Contents/MacOS/Chromium',
    );
  });

  it('finds Chrome in Program Files, Program Files (x86) or the per-user install, else Edge, on Windows', () => {
    const env = {
      PROGRAMFILES: 'C:\\Program Files',
      'PROGRAMFILES(X86)': 'C:\\Program Files (x86)',
      LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local',
    };
    const perUser = 'C:\\Users\\me\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe';
    const edge = 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe';
    expect(findBrowser({ env, platform: 'win32', exists: only('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe') })).toBe(
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    );
    expect(findBrowser({ env, platform: 'win32', exists: only(perUser, edge) })).toBe(perUser);
    expect(findBrowser({ env, platform: 'win32', exists: only(edge) })).toBe(edge);
    // Without the variables the default folders are still looked at.
    expect(browserCandidates({ env: {}, platform: 'win32' })).toContain('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe');
  });

  it('fails with one line naming what to install and CHROME_PATH when there is no browser', () => {
    for (const [platform, install] of [
      ['linux', 'apt-get install chromium'],
      ['darwin', 'Google Chrome or Chromium in /Applications'],
      ['win32', 'Google Chrome'],
    ] as const) {
      let message = '';
      try {
        findBrowser({ env: {}, platform, exists: () => false });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toContain(install);
      expect(message).toContain('set CHROME_PATH');
      expect(message.split('\n')).toHaveLength(1);
    }
  });
});
