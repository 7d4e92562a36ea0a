import { fileURLToPath } from 'node:url';

// The repository's own lockfile sits above this fixture: without a root, Next guesses it and warns.
export default {
  images: { unoptimized: true },
  turbopack: { root: fileURLToPath(new URL('..', import.meta.url)) },
};
