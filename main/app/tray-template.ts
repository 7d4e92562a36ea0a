import type { MenuItemConstructorOptions } from 'electron';
import type { TrayAction, TrayItem } from './tray-menu';

/** Maps the pure menu view to Electron's template; each click dispatches the item's action. */
export function toMenuTemplate(items: readonly TrayItem[], dispatch: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map((item): MenuItemConstructorOptions => {
    if (item.type === 'separator') return { type: 'separator' };
    const options: MenuItemConstructorOptions = { type: item.type, label: item.label, enabled: item.enabled ?? true };
    if (item.type === 'checkbox') options.checked = item.checked ?? false;
    if (item.submenu) options.submenu = toMenuTemplate(item.submenu, dispatch);
    const action = item.action;
    if (action) options.click = () => dispatch(action);
    return options;
  });
}
