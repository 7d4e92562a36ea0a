import type { SettingsIssue } from '../main/core/service';
import type { PortSpec, RecipeConfig, Settings } from '../main/core/settings/schema';

// Pure: the settings file <-> the form's text fields, and where a schema issue is shown. No DOM
// here; the form (settings-form.ts) lays these values into inputs.

/** Where an error is shown: a top-level field, a field of one recipe row, or the form as a whole. */
export type FieldKey =
  | 'watchedPorts'
  | 'pollIntervalMs'
  | 'httpPorts'
  | 'probePath'
  | 'buildDirs'
  | `recipe:${number}:${RecipeField}`
  | 'form';
export type RecipeField = 'port' | 'command' | 'cwd' | 'env' | 'probePath';

export interface RecipeRow {
  port: string;
  command: string;
  cwd: string;
  env: string;
  probePath: string;
  /** Kept as loaded: the form does not edit it. */
  timeoutMs?: number;
}

export interface FormValues {
  watchedPorts: string;
  pollIntervalMs: string;
  httpPorts: string;
  probePath: string;
  buildDirs: string;
  recipes: RecipeRow[];
}

export function splitList(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

/** "3000, 5173-5180" → [3000, "5173-5180"]; anything else goes through as text for the schema to name. */
export function parsePortList(text: string): PortSpec[] {
  // "5173 - 5180" is one range, not three entries: close up the dash before splitting on spaces.
  return splitList(text.replace(/\s*-\s*/g, '-')).map((t) => (/^\d+$/.test(t) ? Number(t) : t));
}

export function formatPortList(specs: readonly PortSpec[] | null): string {
  return (specs ?? []).join(', ');
}

/** A command array is shown as JSON so it round-trips exactly; a string runs through the shell. */
function formatCommand(command: RecipeConfig['command']): string {
  return typeof command === 'string' ? command : JSON.stringify(command);
}

function parseCommand(text: string): RecipeConfig['command'] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((a) => typeof a === 'string')) return parsed;
    } catch {
      // Not JSON after all: a shell command that starts with "[" (e.g. `[ -f x ] && …`).
    }
  }
  return trimmed;
}

export function formatEnv(env: Record<string, string> | undefined): string {
  return Object.entries(env ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
}

/** KEY=value per line; returns the problem with the first bad line instead of guessing. */
export function parseEnv(text: string): { env: Record<string, string> } | { error: string } {
  const env: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    const key = eq > 0 ? line.slice(0, eq) : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return { error: `line ${i + 1}: write NAME=value, e.g. NODE_ENV=development` };
    env[key] = line.slice(eq + 1);
  }
  return { env };
}

export function toFormValues(settings: Settings): FormValues {
  return {
    watchedPorts: formatPortList(settings.watchedPorts),
    pollIntervalMs: String(settings.pollIntervalMs),
    httpPorts: formatPortList(settings.httpPorts),
    probePath: settings.probePath,
    buildDirs: settings.buildDirs.join(', '),
    recipes: Object.entries(settings.recipes).map(([port, r]) => ({
      port,
      command: formatCommand(r.command),
      cwd: r.cwd,
      env: formatEnv(r.env),
      probePath: r.probePath === null ? 'off' : (r.probePath ?? ''),
      ...(r.timeoutMs !== undefined ? { timeoutMs: r.timeoutMs } : {}),
    })),
  };
}

export interface Draft {
  /** What goes to the schema: the loaded settings with the form's fields laid over them. */
  settings: Record<string, unknown>;
  /** Problems the form finds before the schema can (an env line without "=", two recipes for one port). */
  local: Map<FieldKey, string>;
}

export function toDraft(base: Settings, form: FormValues): Draft {
  const local = new Map<FieldKey, string>();
  const recipes: Record<string, unknown> = {};
  form.recipes.forEach((row, i) => {
    const port = recipeKey(row.port);
    if (!port) return void local.set(`recipe:${i}:port`, 'say which port this recipe starts');
    // The schema keys recipes by digits only; a recipe for port 99999 would be saved and never used.
    if (/^\d+$/.test(port) && (Number(port) < 1 || Number(port) > 65535)) return void local.set(`recipe:${i}:port`, 'a port is 1–65535');
    if (port in recipes) return void local.set(`recipe:${i}:port`, `another recipe already starts port ${port}`);
    const env = parseEnv(row.env);
    if ('error' in env) local.set(`recipe:${i}:env`, env.error);
    const probe = row.probePath.trim();
    recipes[port] = {
      command: parseCommand(row.command),
      cwd: row.cwd.trim(),
      ...('env' in env && Object.keys(env.env).length ? { env: env.env } : {}),
      ...(probe === 'off' ? { probePath: null } : probe ? { probePath: probe } : {}),
      ...(row.timeoutMs !== undefined ? { timeoutMs: row.timeoutMs } : {}),
    };
  });
  const poll = form.pollIntervalMs.trim();
  const settings: Record<string, unknown> = {
    ...base,
    watchedPorts: parsePortList(form.watchedPorts),
    // Empty is not 0: leave it as text so the schema says "must be a number".
    pollIntervalMs: /^-?\d+(\.\d+)?$/.test(poll) ? Number(poll) : poll,
    httpPorts: form.httpPorts.trim() ? parsePortList(form.httpPorts) : null,
    probePath: form.probePath.trim(),
    buildDirs: splitList(form.buildDirs),
    recipes,
  };
  return { settings, local };
}

/** A recipe row's port as the file keys it: "03000" is port 3000 (the watcher looks recipes up by number). */
function recipeKey(text: string): string {
  const port = text.trim();
  return /^\d+$/.test(port) ? String(Number(port)) : port;
}

/**
 * The field an issue belongs to. Paths come from the schema as "watchedPorts[2]" or
 * "recipes.3000.cwd"; recipes are found by their port among the form's rows.
 */
export function fieldFor(path: string, rows: readonly Pick<RecipeRow, 'port'>[]): FieldKey {
  const parts = path.split(/[.[\]]/).filter(Boolean);
  const [top, key, field] = parts;
  if (top === 'recipes' && key !== undefined) {
    const index = rows.findIndex((r) => recipeKey(r.port) === key);
    if (index < 0) return 'form';
    const recipeField: RecipeField = field === 'command' || field === 'cwd' || field === 'env' || field === 'probePath' ? field : 'port';
    return `recipe:${index}:${recipeField}`;
  }
  if (top === 'watchedPorts' || top === 'pollIntervalMs' || top === 'httpPorts' || top === 'probePath' || top === 'buildDirs') return top;
  return 'form';
}

/** Turns an issue's message into one line without repeating the path the field already shows. */
export function issueText(issue: SettingsIssue): string {
  const index = /\[(\d+)\]/.exec(issue.path)?.[1];
  return index !== undefined ? `entry ${Number(index) + 1}: ${issue.message}` : issue.message;
}

/** One field of the form as the DOM half renders it. */
export interface FieldSpec {
  key: FieldKey;
  label: string;
  hint?: string;
  value: string;
  multiline?: boolean;
  rows?: number;
  inputMode?: 'numeric' | 'text';
  placeholder?: string;
  onInput: (value: string) => void;
}

export const domId = (key: FieldKey) => `set-${key.replace(/:/g, '-')}`;
