import type { InspectorView } from '../../preload/contract';
import { holderOf } from '../core/service';
import { isOtherUsers } from '../shared';
import type { Failure, PortwardenService, Result } from '../core/service';
import type { NotificationSpec } from './notifications';
import type { TrayAction } from './tray-menu';

export interface TrayActionDeps {
  service: PortwardenService;
  showInspector(view: InspectorView): void;
  openExternal(url: string): Promise<void>;
  copyText(text: string): void;
  /** Asks before acting on another user's process; resolves true to go ahead. */
  confirm(question: { title: string; detail: string; button: string }): Promise<boolean>;
  toggleLoginItem(): Promise<Result<unknown>>;
  quit(): void;
  notify(spec: NotificationSpec): void;
}

/**
 * What each tray action id does. Verified outcomes are announced by the service's
 * onDidFinishAction (shared with the inspector); refusals are reported here, because a tray
 * click has no page to show an error in.
 */
export function createTrayActions(deps: TrayActionDeps): (action: TrayAction) => Promise<void> {
  const { service } = deps;
  const refused = (what: string, port: number | null, failure: Failure) =>
    deps.notify({ port, title: `Could not ${what}`, body: `${failure.message} ${failure.hint}`.trim() });

  return async (action) => {
    switch (action.id) {
      case 'open-browser':
        return deps.openExternal(`http://localhost:${action.port}`);
      case 'copy-pid':
        return deps.copyText(String(action.pid));
      case 'kill':
      case 'restart': {
        const owner = holderOf(service.current().ports.find((p) => p.port === action.port)?.listener, action.identity);
        let confirmed = false;
        if (owner && isOtherUsers(owner.uid, service.self().uid)) {
          const verb = action.id === 'kill' ? 'Kill' : 'Kill & Restart';
          confirmed = await deps.confirm({
            title: `${verb} ${owner.name} (PID ${owner.pid})?`,
            detail: `It belongs to ${owner.user ?? `uid ${owner.uid}`}, not to you. Port ${action.port} stays free if nothing restarts it.`,
            button: verb,
          });
          if (!confirmed) return;
        }
        const request = { port: action.port, identity: action.identity, confirmed };
        const result = action.id === 'kill' ? await service.kill(request) : await service.restart(request);
        if (!result.ok) refused(`${action.id} port ${action.port}`, action.port, result);
        return;
      }
      case 'start': {
        const result = await service.startPort({ port: action.port });
        if (!result.ok) refused(`start port ${action.port}`, action.port, result);
        return;
      }
      case 'inspect':
        return deps.showInspector({ view: 'ports', port: action.port });
      case 'open-inspector':
        return deps.showInspector({ view: 'ports', port: null });
      case 'settings':
        return deps.showInspector({ view: 'settings' });
      case 'toggle-pause':
        return service.setPaused(!service.current().paused);
      case 'toggle-login': {
        const result = await deps.toggleLoginItem();
        if (!result.ok) refused('change launch at login', null, result);
        return;
      }
      case 'quit':
        return deps.quit();
    }
  };
}
