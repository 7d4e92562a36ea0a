import type { ForwarderKind } from '../core/types';

export function describeForwarder(kind: ForwarderKind): string {
  switch (kind) {
    case 'docker-proxy':
      return 'Docker port forwarder: the port belongs to a container (docker ps)';
    case 'docker-desktop':
      return 'Docker Desktop forwards this port to a container (docker ps)';
    case 'wsl-relay':
      return 'WSL relays this port from a Linux distro';
    case 'rootlesskit':
      return 'rootless Docker/Podman forwards this port to a container';
  }
}
