import type { Zod } from '../lazy';
import { fastSettings } from './fast-validate';
import { SETTING_KEYS, type Settings, settingsSchema } from './schema';

/** One problem in a settings file: where (`recipes.3000.cwd`; empty for the whole file) and what. */
export interface SettingsIssue {
  path: string;
  message: string;
}

/** `errors` are the issues as the lines a person reads (`path: message`); forms use `issues`. */
export type Validation = { ok: true; settings: Settings; warnings: string[] } | { ok: false; issues: SettingsIssue[]; errors: string[] };

function invalid(issues: SettingsIssue[]): Validation {
  return { ok: false, issues, errors: issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)) };
}

type Issue = Zod.core.$ZodIssue;

/** "watchedPorts[2]", "recipes.3000.cwd": where in the file the problem is. */
function issuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out || '(the whole file)';
}

const ARTICLE = (word: string) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

// zod's defaults ("Too small: expected number to be >=250") read like a stack trace; the
// schema's own messages are already written for people and are kept as they are.
function describe(issue: Issue): string {
  switch (issue.code) {
    case 'too_small':
      if (!issue.message.startsWith('Too small')) return issue.message;
      if (issue.origin === 'array') return `needs at least ${issue.minimum} entr${Number(issue.minimum) === 1 ? 'y' : 'ies'}`;
      if (issue.origin === 'string')
        return Number(issue.minimum) === 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`;
      return `must be at least ${issue.minimum}`;
    case 'too_big':
      if (!issue.message.startsWith('Too big')) return issue.message;
      return issue.origin === 'array' ? `takes at most ${issue.maximum} entries` : `must be at most ${issue.maximum}`;
    case 'invalid_type': {
      const received = /received (\w+)/.exec(issue.message)?.[1];
      if (received === 'undefined') return 'is required';
      const expected = issue.expected === 'int' ? 'whole number' : issue.expected;
      return `must be ${ARTICLE(expected)}${received ? ` (got ${ARTICLE(received)})` : ''}`;
    }
    case 'invalid_union': {
      const branches = issue.errors.flat();
      const specific = branches.find((i) => i.code !== 'invalid_type');
      if (specific) return describe(specific);
      if (branches.every((i) => /received undefined/.test(i.message))) return 'is required';
      return `must be one of: ${[...new Set(branches.map((i) => (i.code === 'invalid_type' ? i.expected : i.code)))].join(', ')}`;
    }
    case 'invalid_key':
      return issue.issues[0] ? `${issue.issues[0].message} (not "${String(issue.path.at(-1))}")` : issue.message;
    default:
      return issue.message;
  }
}

/** One readable problem per place in the file. */
function toIssues(issues: readonly Issue[]): SettingsIssue[] {
  const seen = new Set<string>();
  const out: SettingsIssue[] = [];
  for (const issue of issues) {
    const where = issuePath(issue.path);
    if (seen.has(where)) continue;
    seen.add(where);
    out.push({ path: where, message: describe(issue) });
  }
  return out;
}

/** For the UI and CLI: the settings with defaults filled in, or what is wrong, one line each. */
export function validateSettings(input: unknown): Validation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return invalid([{ path: '(the whole file)', message: 'must be a JSON object, e.g. {"pollIntervalMs": 1000}' }]);
  }
  // zod only when the hand-written check is not sure: a right file never pays for its import.
  let settings = fastSettings(input);
  if (!settings) {
    const result = settingsSchema().safeParse(input);
    if (!result.success) return invalid(toIssues(result.error.issues));
    settings = result.data;
  }
  // Unknown keys are usually typos ("pollInterval"): say so rather than silently ignoring them.
  const known = new Set<string>(SETTING_KEYS);
  const warnings = Object.keys(input)
    .filter((k) => !known.has(k))
    .map((k) => `${k}: unknown setting, ignored (known: ${[...known].join(', ')})`);
  return { ok: true, settings, warnings };
}
