import type { LoginItemState, PortwardenApi } from '../preload/contract';
import { h } from './dom';

// Launch at login in the settings tab. It is not part of the settings file: the OS holds it, so
// the checkbox shows what the OS answers (read back after every change), never a stored flag.

export type LoginApi = Pick<PortwardenApi, 'getLoginItem' | 'setLoginItem'>;

export function mountLoginToggle(root: HTMLElement, api: LoginApi): { refresh(): Promise<void> } {
  const box = h('input', { type: 'checkbox', id: 'login-enabled', 'aria-describedby': 'login-detail' });
  const detail = h('p', { class: 'settings-hint', id: 'login-detail', role: 'status', 'aria-live': 'polite' });
  box.disabled = true;
  box.addEventListener('change', () => void set(box.checked));
  root.replaceChildren(
    h(
      'fieldset',
      { class: 'login-item' },
      h('legend', {}, 'Launch at login'),
      h('label', { class: 'check' }, box, 'Start Portwarden in the tray when I log in'),
      detail,
    ),
  );

  function show(state: LoginItemState): void {
    box.checked = state.enabled;
    box.disabled = !state.supported;
    detail.dataset.kind = 'info';
    detail.textContent =
      state.detail ??
      (state.enabled
        ? `Portwarden starts at login${state.location ? ` (${state.location})` : ''}.`
        : 'Portwarden does not start at login.');
  }

  function problem(message: string, hint: string): void {
    detail.dataset.kind = 'error';
    detail.textContent = `${message}${hint ? ` ${hint}` : ''}`;
  }

  async function refresh(): Promise<void> {
    const result = await api.getLoginItem();
    if (result.ok) show(result.value);
    else problem(result.message, result.hint);
  }

  async function set(enabled: boolean): Promise<void> {
    box.disabled = true;
    const result = await api.setLoginItem({ enabled });
    if (result.ok) return show(result.value);
    // Whatever went wrong, the checkbox goes back to what the OS really has.
    await refresh();
    problem(result.message, result.hint);
  }

  void refresh();
  return { refresh };
}
