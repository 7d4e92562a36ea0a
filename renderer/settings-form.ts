import type { SettingsIssue, SettingsView } from '../main/core/service/types';
import type { PortSpec, RecipeConfig, Settings } from '../main/core/settings/schema';
import type { PortwardenApi } from '../preload/contract';
import { h } from './dom';

// The settings tab: the watcher's settings file as a form. Every keystroke asks the main process
// to validate the whole draft (one schema, on the main side), and each problem is shown next to
// the field it is about. Saving hands the draft to the main process, which writes the file and
// applies it to the running watcher.

export type SettingsApi = Pick<PortwardenApi, 'getSettings' | 'validateSettings' | 'saveSettings'>;

/** Where an error is shown: a top-level field, a field of one recipe row, or the form as a whole. */
export type FieldKey = 'watchedPorts' | 'pollIntervalMs' | 'httpPorts' | 'probePath' | 'buildDirs' | `recipe:${number}:${RecipeField}` | 'form';
export type RecipeField = 'port' | 'command' | 'cwd' | 'env' | 'probePath';

interface RecipeRow {
  port: string;
  command: string;
  cwd: string;
  env: string;
  probePath: string;
  /** Kept as loaded: the form does not edit it. */
  timeoutMs?: number;
}

interface FormValues {
  watchedPorts: string;
  pollIntervalMs: string;
  httpPorts: string;
  probePath: string;
  buildDirs: string;
  recipes: RecipeRow[];
}

// ---- pure: settings <-> form text -----------------------------------------------------------------

export function splitList(text: string): string[] {
  return text
    .split(/[,\s]+/)
    .map((t) => t.trim())
    .filter(Boolean);
}

/** "3000, 5173-5180" → [3000, "5173-5180"]; anything else goes through as text for the schema to name. */
export function parsePortList(text: string): PortSpec[] {
  return splitList(text).map((t) => (/^\d+$/.test(t) ? Number(t) : t.replace(/\s+/g, '')));
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
    const port = row.port.trim();
    if (!port) return void local.set(`recipe:${i}:port`, 'say which port this recipe starts');
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

/**
 * The field an issue belongs to. Paths come from the schema as "watchedPorts[2]" or
 * "recipes.3000.cwd"; recipes are found by their port among the form's rows.
 */
export function fieldFor(path: string, rows: readonly Pick<RecipeRow, 'port'>[]): FieldKey {
  const parts = path.split(/[.[\]]/).filter(Boolean);
  const [top, key, field] = parts;
  if (top === 'recipes' && key !== undefined) {
    const index = rows.findIndex((r) => r.port.trim() === key);
    if (index < 0) return 'form';
    const recipeField: RecipeField = field === 'command' || field === 'cwd' || field === 'env' || field === 'probePath' ? field : 'port';
    return `recipe:${index}:${recipeField}`;
  }
  if (top === 'watchedPorts' || top === 'pollIntervalMs' || top === 'httpPorts' || top === 'probePath' || top === 'buildDirs') return top;
  return 'form';
}

/** Turns an issue's message into one line without repeating the path the field already shows. */
function issueText(issue: SettingsIssue): string {
  const index = /\[(\d+)\]/.exec(issue.path)?.[1];
  return index !== undefined ? `entry ${Number(index) + 1}: ${issue.message}` : issue.message;
}

// ---- DOM -------------------------------------------------------------------------------------------

interface FieldSpec {
  key: FieldKey;
  label: string;
  hint?: string;
  value: string;
  multiline?: boolean;
  inputMode?: 'numeric' | 'text';
  placeholder?: string;
  onInput: (value: string) => void;
}

const domId = (key: FieldKey) => `set-${key.replace(/:/g, '-')}`;

export function mountSettingsForm(root: HTMLElement, api: SettingsApi): { dispose(): void } {
  let base: Settings | null = null;
  let saved = '';
  let form: FormValues | null = null;
  let path = '';
  let remote = new Map<FieldKey, string>();
  let local = new Map<FieldKey, string>();
  let validating = 0;
  let saving = false;
  let disposed = false;

  const status = h('p', { class: 'settings-status', role: 'status', 'aria-live': 'polite' });
  const saveButton = h('button', { type: 'submit', class: 'primary', id: 'settings-save' }, 'Save');
  const revertButton = h('button', { type: 'button', id: 'settings-revert', onclick: () => load() }, 'Revert');
  const formEl = h('form', { class: 'settings-form', novalidate: true, onsubmit: (e: Event) => void onSubmit(e) });

  root.replaceChildren(h('p', { class: 'muted' }, 'Loading settings…'));
  void load();

  async function load(): Promise<void> {
    const result = await api.getSettings();
    if (disposed) return;
    if (!result.ok) {
      root.replaceChildren(h('p', { class: 'settings-error' }, `${result.message} ${result.hint}`));
      return;
    }
    adopt(result.value);
    if (result.value.problem) setStatus(result.value.problem, 'warning');
  }

  function adopt(view: SettingsView): void {
    base = view.settings;
    path = view.path;
    form = toFormValues(view.settings);
    saved = JSON.stringify(toDraft(base, form).settings);
    remote = new Map();
    local = new Map();
    render();
    setStatus(`Saved in ${path}. Changes apply as soon as you save; no restart needed.`);
  }

  function setStatus(text: string, kind: 'info' | 'warning' | 'error' = 'info'): void {
    status.textContent = text;
    status.dataset.kind = kind;
  }

  function field(spec: FieldSpec): HTMLElement {
    const id = domId(spec.key);
    const attrs = {
      id,
      name: spec.key,
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: spec.placeholder,
      inputmode: spec.inputMode,
      'aria-describedby': `${id}-hint ${id}-error`,
      oninput: (e: Event) => {
        spec.onInput((e.target as HTMLInputElement | HTMLTextAreaElement).value);
        void changed();
      },
    };
    const control = spec.multiline ? h('textarea', { ...attrs, rows: 2 }) : h('input', { ...attrs, type: 'text' });
    control.value = spec.value;
    return h(
      'div',
      { class: 'settings-field', 'data-field': spec.key },
      h('label', { for: id }, spec.label),
      control,
      spec.hint ? h('p', { class: 'settings-hint', id: `${id}-hint` }, spec.hint) : null,
      h('p', { class: 'settings-field-error', id: `${id}-error`, hidden: true }),
    );
  }

  function render(): void {
    if (!form) return;
    const f = form;
    const recipes = f.recipes.map((row, i) =>
      h(
        'fieldset',
        { class: 'settings-recipe', 'data-recipe': i },
        h('legend', {}, row.port.trim() ? `Port ${row.port.trim()}` : 'New recipe'),
        field({ key: `recipe:${i}:port`, label: 'Port', value: row.port, inputMode: 'numeric', onInput: (v) => (row.port = v) }),
        field({
          key: `recipe:${i}:command`,
          label: 'Command',
          hint: 'Runs through the shell; a JSON array (["node","server.js"]) runs without one.',
          value: row.command,
          placeholder: 'npm run dev',
          onInput: (v) => (row.command = v),
        }),
        field({ key: `recipe:${i}:cwd`, label: 'Folder', value: row.cwd, placeholder: '/home/you/project', onInput: (v) => (row.cwd = v) }),
        field({
          key: `recipe:${i}:env`,
          label: 'Environment',
          hint: 'One NAME=value per line, added to the environment Portwarden runs with.',
          value: row.env,
          multiline: true,
          onInput: (v) => (row.env = v),
        }),
        field({
          key: `recipe:${i}:probePath`,
          label: 'Probe path',
          hint: 'Checked after the start. Empty: the probe path above; off: no HTTP check.',
          value: row.probePath,
          placeholder: '/',
          onInput: (v) => (row.probePath = v),
        }),
        h(
          'button',
          {
            type: 'button',
            class: 'settings-remove',
            onclick: () => {
              f.recipes.splice(i, 1);
              render();
              void changed();
            },
          },
          'Remove recipe',
        ),
      ),
    );
    formEl.replaceChildren(
      h(
        'fieldset',
        {},
        h('legend', {}, 'Watching'),
        field({
          key: 'watchedPorts',
          label: 'Watched ports',
          hint: 'Ports and ranges, e.g. 3000, 5173-5180. Shown in the tray even when free.',
          value: f.watchedPorts,
          onInput: (v) => (f.watchedPorts = v),
        }),
        field({ key: 'pollIntervalMs', label: 'Poll interval (ms)', hint: 'How often the port table is read: 250–60000.', value: f.pollIntervalMs, inputMode: 'numeric', onInput: (v) => (f.pollIntervalMs = v) }),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, 'HTTP check'),
        field({ key: 'httpPorts', label: 'HTTP ports', hint: 'Ports probed with an HTTP GET. Empty: the watched ports.', value: f.httpPorts, onInput: (v) => (f.httpPorts = v) }),
        field({ key: 'probePath', label: 'Probe path', hint: 'The path requested, e.g. / or /api/health.', value: f.probePath, onInput: (v) => (f.probePath = v) }),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, 'Build directories'),
        field({
          key: 'buildDirs',
          label: 'Folders checked for a stale build',
          hint: 'Under each server’s working folder; rebuilt after the server started means “stale build”.',
          value: f.buildDirs,
          onInput: (v) => (f.buildDirs = v),
        }),
      ),
      h(
        'fieldset',
        { class: 'settings-recipes' },
        h('legend', {}, 'Restart recipes'),
        recipes.length ? recipes : h('p', { class: 'muted' }, 'No recipes yet: a restart then reuses the command line it observed.'),
        h(
          'button',
          {
            type: 'button',
            id: 'settings-add-recipe',
            onclick: () => {
              f.recipes.push({ port: '', command: '', cwd: '', env: '', probePath: '' });
              render();
              void changed();
              formEl.querySelector<HTMLInputElement>(`#${domId(`recipe:${f.recipes.length - 1}:port`)}`)?.focus();
            },
          },
          'Add recipe',
        ),
      ),
      h('p', { class: 'settings-field-error', id: `${domId('form')}-error`, hidden: true }),
      h('div', { class: 'settings-actions' }, saveButton, revertButton, status),
    );
    root.replaceChildren(formEl);
    showErrors();
  }

  function draft(): Draft {
    return toDraft(base!, form!);
  }

  /** Validates the whole draft; only the newest answer is shown (answers may overtake each other). */
  async function changed(): Promise<void> {
    const d = draft();
    local = d.local;
    const seq = ++validating;
    const result = await api.validateSettings({ settings: d.settings });
    if (disposed || seq !== validating) return;
    remote = new Map();
    if (!result.ok) remote.set('form', `${result.message} ${result.hint}`);
    else if (!result.value.valid) for (const issue of result.value.issues) addIssue(remote, fieldFor(issue.path, form!.recipes), issueText(issue));
    showErrors();
    const dirty = JSON.stringify(d.settings) !== saved;
    if (errorCount() === 0) setStatus(dirty ? 'Unsaved changes.' : `Saved in ${path}.`);
    else setStatus(`${errorCount()} problem${errorCount() === 1 ? '' : 's'} to fix before saving.`, 'error');
  }

  function addIssue(into: Map<FieldKey, string>, key: FieldKey, text: string): void {
    into.set(key, into.has(key) ? `${into.get(key)}; ${text}` : text);
  }

  function errorCount(): number {
    return new Set([...local.keys(), ...remote.keys()]).size;
  }

  function showErrors(): void {
    for (const el of formEl.querySelectorAll<HTMLElement>('.settings-field-error')) {
      const key = el.id.replace(/-error$/, '');
      const message = [...local, ...remote].filter(([k]) => domId(k) === key).map(([, m]) => m);
      el.textContent = [...new Set(message)].join('; ');
      el.hidden = message.length === 0;
      const control = formEl.querySelector<HTMLElement>(`#${key}`);
      if (control) control.setAttribute('aria-invalid', String(message.length > 0));
    }
    saveButton.disabled = saving || errorCount() > 0;
  }

  async function onSubmit(event: Event): Promise<void> {
    event.preventDefault();
    if (saving || !form || !base) return;
    await changed();
    if (errorCount() > 0) {
      formEl.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    saving = true;
    showErrors();
    setStatus('Saving…');
    const result = await api.saveSettings({ settings: draft().settings });
    saving = false;
    if (disposed) return;
    if (!result.ok) {
      showErrors();
      setStatus(`${result.message} ${result.hint}`, 'error');
      return;
    }
    adopt(result.value);
    setStatus(`Saved to ${result.value.path} and applied.`);
  }

  return {
    dispose() {
      disposed = true;
    },
  };
}
