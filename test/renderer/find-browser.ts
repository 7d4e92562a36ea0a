import { existsSync } from 'node:fs';
import { join, win32 } from 'node:path';

// The renderer tests drive a real Chromium. CI runners and developers' machines keep it in
// different places, so look where each OS's installers put it; CHROME_PATH overrides all of them.

export interface BrowserSearch {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  exists: (path: string) => boolean;
}

const LINUX_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

const MAC_APPS = ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Chromium.app/Contents/MacOS/Chromium'];

/** Every place looked at, in order of preference. */
export function browserCandidates({ env, platform }: Pick<BrowserSearch, 'env' | 'platform'>): string[] {
  if (platform === 'darwin') {
    const roots = ['/Applications', ...(env.HOME ? [join(env.HOME, 'Applications')] : [])];
    return roots.flatMap((root) => MAC_APPS.map((app) => `${root}/${app}`));
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA, 'C:\\Program Files', 'C:\\Program Files (x86)'].filter(
      (r): r is string => !!r,
    );
    const apps = [
      'Google\\Chrome\\Application\\chrome.exe',
      'Chromium\\Application\\chrome.exe',
      'Microsoft\\Edge\\Application\\msedge.exe',
    ];
    return [...new Set(apps.flatMap((app) => roots.map((root) => win32.join(root, app))))];
  }
  // Linux and the BSDs: distribution packages live in /usr/bin, snaps in /snap/bin; PATH covers the rest.
  const dirs = [...new Set(['/usr/bin', '/usr/local/bin', '/snap/bin', ...(env.PATH ?? '').split(':').filter(Boolean)])];
  return LINUX_NAMES.flatMap((name) => dirs.map((dir) => `${dir}/${name}`));
}

const INSTALL_HINT: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'install chromium (apt-get install chromium) or Google Chrome',
  darwin: 'install Google Chrome or Chromium in /Applications',
  win32: 'install Google Chrome (or use Microsoft Edge)',
};

/** The browser to drive, or one line saying what to install and that CHROME_PATH points at one. */
export function findBrowser(search: BrowserSearch = { env: process.env, platform: process.platform, exists: existsSync }): string {
  const chosen = search.env.CHROME_PATH;
  if (chosen) {
    if (search.exists(chosen)) return chosen;
    throw new Error(
      `CHROME_PATH=${chosen} does not exist: point it at a Chrome or Chromium executable, or unset it to search the usual places.`,
    );
  }
  const found = browserCandidates(search).find((path) => search.exists(path));
  if (found) return found;
  const hint = INSTALL_HINT[search.platform] ?? 'install Chromium or Google Chrome';
  throw new Error(`No Chrome or Chromium found for the renderer tests: ${hint}, or set CHROME_PATH to its executable.`);
}
