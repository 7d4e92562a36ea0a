import type { Settings } from '../core/settings/schema';
import { loadSettings } from '../core/settings/store';
import type { CliContext } from './context';

/** The settings a command runs with; a file that could not be used is said on stderr, once, and the defaults serve. */
export function cliSettings(ctx: Pick<CliContext, 'env' | 'err'>): Settings {
  const { settings, warning } = loadSettings({ env: ctx.env });
  if (warning) ctx.err(`portwarden: ${warning}`);
  return settings;
}
