import { join } from 'node:path';
import type { TrayIconState } from './tray-menu';

/**
 * The icon file for a tray state. macOS gets template images (black with alpha, recoloured by the
 * system for light/dark menu bars); elsewhere coloured PNGs. nativeImage picks the @2x sibling by
 * itself on HiDPI screens, so only the base name is returned.
 */
export function trayIconPath(state: TrayIconState, platform: NodeJS.Platform, iconDir: string): string {
  return join(iconDir, platform === 'darwin' ? `${state}Template.png` : `${state}.png`);
}

/** build/tray in a checkout; the packaged app carries it as resources/tray (extraResources). */
export function trayIconDir(packaged: boolean, appPath: string, resourcesPath: string): string {
  return packaged ? join(resourcesPath, 'tray') : join(appPath, 'build', 'tray');
}
