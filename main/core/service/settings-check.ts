import { userInfo } from 'node:os';
import { validateSettings } from '../settings/validate';
import type { SelfInfo, SettingsCheck } from './types';

// Answers the service gives without its watcher: pure, so the worker-backed service answers them
// on the caller's thread instead of a round trip.

/** Who runs Portwarden: the same answer on every thread of the process. */
export function selfInfo(): SelfInfo {
  let user: string | null = null;
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry for this uid (containers): the uid still answers "is it mine"
  }
  return { uid: process.getuid?.() ?? null, user };
}

/** Settings as the form needs them: the fields and what is wrong with each. Pure, so any thread may ask. */
export function checkSettings(raw: unknown): SettingsCheck {
  const result = validateSettings(raw);
  if (result.ok) return { valid: true, settings: result.settings };
  return { valid: false, issues: result.issues };
}
