import type { Menu as MenuType, NativeImage, Rectangle, Tray as TrayType } from 'electron';
import { trayIconPath } from './tray-icons';
import type { TrayAction, TrayIconState, TrayView } from './tray-menu';
import { toMenuTemplate } from './tray-template';

export interface TrayDeps {
  Tray: new (image: NativeImage) => TrayType;
  Menu: Pick<typeof MenuType, 'buildFromTemplate'>;
  nativeImage: { createFromPath(path: string): NativeImage; createEmpty(): NativeImage };
  platform: NodeJS.Platform;
  iconDir: string;
  dispatch: (action: TrayAction) => void;
  onClick: () => void;
  log: (message: string) => void;
}

export interface TrayController {
  /** Applies a view; touches the OS tray only for the parts that changed. */
  update(view: TrayView): void;
  bounds(): Rectangle | null;
  destroy(): void;
}

export function createTrayController(deps: TrayDeps): TrayController {
  const images = new Map<TrayIconState, NativeImage>();
  const tray = new deps.Tray(image('ok'));
  let last: { icon: TrayIconState; tooltip: string; items: string } | null = null;

  // Windows: a left click opens the inspector, the menu stays on right click. macOS shows the menu
  // on any click once one is set. Linux emits 'click' on an "activation", which many panels never
  // send (StatusNotifierItem hosts open the menu instead): there the menu must be complete.
  tray.on('click', () => deps.onClick());

  function image(state: TrayIconState): NativeImage {
    let img = images.get(state);
    if (!img) {
      const path = trayIconPath(state, deps.platform, deps.iconDir);
      img = deps.nativeImage.createFromPath(path);
      if (img.isEmpty()) {
        deps.log(`tray icon missing or unreadable: ${path}; showing an empty icon`);
        img = deps.nativeImage.createEmpty();
      } else if (deps.platform === 'darwin') {
        img.setTemplateImage(true);
      }
      images.set(state, img);
    }
    return img;
  }

  return {
    update(view) {
      const items = JSON.stringify(view.items);
      if (last?.icon !== view.icon) tray.setImage(image(view.icon));
      if (last?.tooltip !== view.tooltip) tray.setToolTip(view.tooltip);
      if (last?.items !== items) tray.setContextMenu(deps.Menu.buildFromTemplate(toMenuTemplate(view.items, deps.dispatch)));
      last = { icon: view.icon, tooltip: view.tooltip, items };
    },
    bounds() {
      const b = tray.getBounds();
      return b.width > 0 && b.height > 0 ? b : null;
    },
    destroy() {
      tray.destroy();
    },
  };
}
