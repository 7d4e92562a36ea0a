import { describe, expect, it, vi } from 'vitest';

vi.mock('electron', () => import('../helpers/electron-mock'));

import { createInvokeDispatch } from '../../main/app/ipc-dispatch';
import { type AppControls, createIpcHandlers } from '../../main/app/ipc-handlers';
import { rendererUrl } from '../../main/app/security';
import { defaultSettings } from '../../main/core/settings/schema';
import { SETTINGS_MAX_BYTES } from '../../main/core/settings/store';
import { fakeService } from './fake-service';
import { snapshot } from './snapshot-fixtures';

const PAGE = rendererUrl('/app/dist/renderer/index.html');

describe('settings over IPC', () => {
  const setup = () => {
    const service = fakeService(snapshot([]));
    const controls = { loginItem: { supported: false }, openExternal: vi.fn(async () => {}) } as unknown as AppControls;
    return { service, dispatch: createInvokeDispatch(createIpcHandlers(service, controls), PAGE) };
  };

  it.each(['saveSettings', 'validateSettings'] as const)(
    '%s refuses a payload over 1 MiB before the settings code sees it',
    async (verb) => {
      const { service, dispatch } = setup();
      const huge = { ...defaultSettings(), probePath: `/${'x'.repeat(SETTINGS_MAX_BYTES)}` };
      const result = await dispatch(verb, PAGE, { settings: huge });
      expect(result).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
      expect((result as { message: string }).message).toContain(`settings: over ${SETTINGS_MAX_BYTES} bytes as JSON`);
      expect(service[verb]).not.toHaveBeenCalled();
    },
  );

  it('passes ordinary settings through to the service', async () => {
    const { service, dispatch } = setup();
    await dispatch('saveSettings', PAGE, { settings: defaultSettings() });
    expect(service.saveSettings).toHaveBeenCalledWith(defaultSettings());
  });
});
