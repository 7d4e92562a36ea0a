import { parseArgs } from 'node:util';
import { SETTING_KEYS, type Settings } from '../../core/settings/schema';
import { type LoadedSettings, loadSettings, SettingsError, settingsPath, updateSettings } from '../../core/settings/store';
import { validateSettings } from '../../core/settings/validate';
import { type CliContext, type Command, EXIT, UsageError } from '../context';

const KNOWN: readonly string[] = SETTING_KEYS;

export const config: Command = {
  name: 'config',
  summary: 'where the settings live, what they are, and change one',
  usage: 'portwarden config path|show|set <key> <value> [--json]',
  async run(args, ctx) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
    const [action, ...rest] = positionals;
    const json = values.json === true;
    switch (action) {
      case 'path':
        expectArgs(rest, 0, 'config path takes no arguments');
        return showPath(ctx, json);
      case 'show':
        expectArgs(rest, 0, 'config show takes no arguments');
        return show(ctx, json);
      case 'set':
        expectArgs(rest, 2, 'config set takes a key and a value, e.g. `portwarden config set pollIntervalMs 500`');
        return set(rest[0]!, rest[1]!, ctx, json);
      default:
        throw new UsageError(action ? `unknown action "${action}"; use path, show or set` : 'say what to do: path, show or set');
    }
  },
};

function expectArgs(rest: string[], count: number, message: string): void {
  if (rest.length !== count) throw new UsageError(message);
}

function showPath(ctx: CliContext, json: boolean): number {
  const path = settingsPath({ env: ctx.env });
  ctx.out(json ? JSON.stringify({ path }) : path);
  return EXIT.ok;
}

function show(ctx: CliContext, json: boolean): number {
  const loaded = loadSettings({ env: ctx.env });
  if (loaded.warning) ctx.err(`portwarden config: ${loaded.warning}`);
  if (json) ctx.out(JSON.stringify({ path: loaded.path, settings: loaded.settings, warning: loaded.warning ?? null }));
  else ctx.out(`# ${loaded.path}\n${JSON.stringify(loaded.settings, null, 2)}`);
  return EXIT.ok;
}

/**
 * A value as typed on a command line: JSON when it parses (500, true, null, [3000,"5173-5180"],
 * {"command": …}), otherwise the text itself, so `probePath /health` needs no quotes.
 */
function parseValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Sets `recipes.3000.cwd`-style paths inside a copy of the settings; the first segment must be a known key. */
function withValue(settings: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const parts = key.split('.');
  if (parts.some((p) => p === ''))
    throw new UsageError(`"${key}" is not a settings key; keys look like pollIntervalMs or recipes.3000.cwd`);
  if (!KNOWN.includes(parts[0]!)) throw new UsageError(`unknown setting "${parts[0]}"; known: ${KNOWN.join(', ')}`);
  const copy = structuredClone(settings);
  let node: Record<string, unknown> = copy;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1)!] = value;
  return copy;
}

async function set(key: string, text: string, ctx: CliContext, json: boolean): Promise<number> {
  try {
    // Load, change and save under one lock: ten `config set` at once must keep all ten changes.
    return await updateSettings(({ loaded, save }) => setHeld(key, text, loaded, save, ctx, json), { env: ctx.env });
  } catch (err) {
    if (!(err instanceof SettingsError)) throw err;
    ctx.err(`portwarden config: ${key} was not saved: ${err.message}`);
    return EXIT.negative;
  }
}

function setHeld(
  key: string,
  text: string,
  loaded: LoadedSettings,
  save: (settings: Settings) => string,
  ctx: CliContext,
  json: boolean,
): number {
  // A broken file was moved aside by the store; say so before writing a fresh one over defaults.
  if (loaded.warning && !loaded.saveWouldReplace) ctx.err(`portwarden config: ${loaded.warning}`);
  const value = parseValue(text);
  const next = withValue(loaded.settings, key, value);
  const check = validateSettings(next);
  if (!check.ok) {
    ctx.err(`portwarden config: ${key} = ${JSON.stringify(value)} was not saved: ${check.errors.join('; ')}`);
    return EXIT.usage;
  }
  if (loaded.saveWouldReplace) {
    ctx.err(
      `portwarden config: ${key} was not saved: ${loaded.saveWouldReplace}, and saving would replace it with the defaults plus this one change. Fix the file (or move it away) first.`,
    );
    return EXIT.negative;
  }
  const path = save(check.settings);
  if (json) ctx.out(JSON.stringify({ path, key, value, settings: check.settings }));
  else ctx.out(`${key} = ${JSON.stringify(value)}  (saved to ${path})`);
  return EXIT.ok;
}
