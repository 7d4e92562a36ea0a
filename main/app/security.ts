import { pathToFileURL } from 'node:url';

// Pure security decisions; the glue in harden.ts applies them to Electron objects.

/** Only the local dev servers Portwarden shows: http(s) on a loopback name, nothing else. */
export function isAllowedExternalUrl(raw: string): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  // Credentials in a URL are a phishing shape, never something a port link needs.
  if (url.username || url.password) return false;
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
}

/** The inspector's page as a file URL, the only origin whose IPC we answer. */
export function rendererUrl(indexHtmlPath: string): string {
  return pathToFileURL(indexHtmlPath).href;
}

/**
 * The sender check: the frame must be our page. A frame that navigated elsewhere (it should not
 * be able to, but defence in depth) or an iframe with another URL gets nothing.
 */
export function isTrustedSender(frameUrl: string | null | undefined, trustedUrl: string): boolean {
  if (!frameUrl) return false;
  try {
    const a = new URL(frameUrl);
    const b = new URL(trustedUrl);
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

/**
 * Strict CSP: our own script and styles, nothing remote, no inline code, no eval. The same text
 * is the meta tag in renderer/index.html, so it holds only directives a meta tag may carry.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "font-src 'none'",
  "object-src 'none'",
  "media-src 'none'",
  "frame-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** As a response header it may also forbid framing (ignored, with a console error, in a meta tag). */
export const CONTENT_SECURITY_POLICY_HEADER = `${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`;
