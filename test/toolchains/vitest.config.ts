// The repository's config plus this suite's install step, for running the toolchain tests alone
// (`npx vitest run -c test/toolchains/vitest.config.ts test/toolchains`) until the main config has it.
import { join } from 'node:path';
import { defineConfig, mergeConfig } from 'vitest/config';
import base from '../../vitest.config';

export default mergeConfig(
  base,
  defineConfig({ root: join(__dirname, '..', '..'), test: { globalSetup: [join(__dirname, 'global-setup.ts')] } }),
);
