import { byId } from './dom';

/** Asks in a modal dialog; resolves true only for the confirming button (Escape cancels). */
export function confirmAction(title: string, detail: string, button: string): Promise<boolean> {
  const dialog = byId<HTMLDialogElement>('confirm');
  byId('confirm-title').textContent = title;
  byId('confirm-detail').textContent = detail;
  byId('confirm-ok').textContent = button;
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.returnValue = '';
    dialog.showModal();
    // Safer default: Enter on the focused button cancels.
    byId('confirm-cancel').focus();
  });
}
