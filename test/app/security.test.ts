import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isAllowedExternalUrl, isTrustedSender, rendererUrl } from '../../main/app/security';

describe('isAllowedExternalUrl', () => {
  it.each(['http://localhost:3000', 'https://localhost:8443/x?y=1', 'http://127.0.0.1:5173/', 'http://[::1]:8080/'])('allows %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it.each([
    'https://example.com',
    'http://localhost.evil.com:3000',
    'http://127.0.0.2:3000',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'http://user:pw@localhost:3000',
    'ftp://localhost',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedExternalUrl(url)).toBe(false);
  });
});

describe('isTrustedSender', () => {
  const trusted = rendererUrl('/opt/Portwarden/resources/app/dist/renderer/index.html');

  it('trusts our page, also with a hash or query', () => {
    expect(isTrustedSender(trusted, trusted)).toBe(true);
    expect(isTrustedSender(`${trusted}#port-3000`, trusted)).toBe(true);
  });

  it.each([
    null,
    undefined,
    '',
    'about:blank',
    'https://evil.example/',
    'file:///tmp/index.html',
    'file:///opt/Portwarden/resources/app/dist/renderer/other.html',
  ])('refuses %s', (url) => expect(isTrustedSender(url, trusted)).toBe(false));
});

describe('CSP', () => {
  it('is strict: no remote, inline or eval, nothing by default', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)|https?:|\*/);
  });

  it('is the same policy the page declares in its meta tag', () => {
    const html = readFileSync(join(__dirname, '..', '..', 'renderer', 'index.html'), 'utf8');
    const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
    expect(meta).toBe(CONTENT_SECURITY_POLICY);
  });
});
