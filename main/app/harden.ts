import type { App, Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY_HEADER } from './security';

/**
 * App-wide rules for every web contents, present and future: no navigation, no new windows, no
 * webviews, no permissions. The inspector needs none of these, so any attempt is an attack or a
 * bug, and both are best met with "no".
 */
export function hardenApp(app: Pick<App, 'on'>, session: Session, log: (message: string) => void): void {
  app.on('web-contents-created', (_event, contents) => hardenContents(contents, log));
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log(`denied permission request: ${permission}`);
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
  // file:// pages never pass through webRequest; the meta tag in index.html covers them. The header
  // covers anything loaded over http(s) by mistake, e.g. a dev server during development.
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY_HEADER] } });
  });
}

export function hardenContents(contents: WebContents, log: (message: string) => void): void {
  contents.on('will-navigate', (event, url) => {
    event.preventDefault();
    log(`blocked navigation to ${url}`);
  });
  contents.on('will-redirect', (event, url) => {
    event.preventDefault();
    log(`blocked redirect to ${url}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log('blocked a <webview>');
  });
  // Links open through the openExternal verb, which checks them; window.open gets nothing.
  contents.setWindowOpenHandler(({ url }) => {
    log(`blocked window.open(${url})`);
    return { action: 'deny' };
  });
}
