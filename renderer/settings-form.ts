import type { SettingsView } from '../main/core/service';
import type { Settings } from '../main/core/settings/schema';
import type { PortwardenApi } from '../preload/contract';
import { h } from './dom';
import {
  type Draft,
  domId,
  type FieldKey,
  type FieldSpec,
  fieldFor,
  type FormValues,
  issueText,
  toDraft,
  toFormValues,
} from './settings-draft';

// The settings tab: the watcher's settings file as a form. Every keystroke asks the main process
// to validate the whole draft (one schema, on the main side), and each problem is shown next to
// the field it is about. Saving hands the draft to the main process, which writes the file and
// applies it to the running watcher.

export type SettingsApi = Pick<PortwardenApi, 'getSettings' | 'validateSettings' | 'saveSettings'>;

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
    const control = spec.multiline ? h('textarea', { ...attrs, rows: spec.rows ?? 2 }) : h('input', { ...attrs, type: 'text' });
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
          // The default list alone is longer than a one-line field: wrap it so all of it shows.
          multiline: true,
          rows: 3,
          onInput: (v) => (f.watchedPorts = v),
        }),
        field({
          key: 'pollIntervalMs',
          label: 'Poll interval (ms)',
          hint: 'How often the port table is read: 250–60000.',
          value: f.pollIntervalMs,
          inputMode: 'numeric',
          onInput: (v) => (f.pollIntervalMs = v),
        }),
      ),
      h(
        'fieldset',
        {},
        h('legend', {}, 'HTTP check'),
        field({
          key: 'httpPorts',
          label: 'HTTP ports',
          hint: 'Ports probed with an HTTP GET. Empty: the watched ports.',
          value: f.httpPorts,
          multiline: true,
          onInput: (v) => (f.httpPorts = v),
        }),
        field({
          key: 'probePath',
          label: 'Probe path',
          hint: 'The path requested, e.g. / or /api/health.',
          value: f.probePath,
          onInput: (v) => (f.probePath = v),
        }),
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
    else if (!result.value.valid)
      for (const issue of result.value.issues) addIssue(remote, fieldFor(issue.path, form!.recipes), issueText(issue));
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
