import type { ForwarderKind } from '../types';

// Matched on the executable's base name, lower-cased and without `.exe`: these processes hold a
// port on behalf of a container or a WSL distro, and killing them takes Docker down, not the app.
const FORWARDERS: Record<string, ForwarderKind> = {
  'docker-proxy': 'docker-proxy',
  'com.docker.backend': 'docker-desktop',
  'com.docker.vpnkit': 'docker-desktop',
  vpnkit: 'docker-desktop',
  'vpnkit-bridge': 'docker-desktop',
  wslrelay: 'wsl-relay',
  rootlesskit: 'rootlesskit',
};

export function forwarderKind(nameOrPath: string): ForwarderKind | null {
  const base = nameOrPath.split(/[\\/]/).pop() ?? '';
  return FORWARDERS[base.toLowerCase().replace(/\.exe$/, '')] ?? null;
}

/**
 * By the executable where the OS names it. A name (comm, argv[0]) is anyone's to write
 * (`process.title = 'docker-proxy'`), so it counts only where the executable is not known
 * (another user's process seen without root, or an OS that does not say).
 */
export function forwarderOf(exe: string | null, names: readonly string[]): ForwarderKind | null {
  if (exe) return forwarderKind(exe);
  for (const name of names) {
    const kind = forwarderKind(name);
    if (kind) return kind;
  }
  return null;
}
