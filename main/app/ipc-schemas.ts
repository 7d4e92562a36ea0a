import { z } from 'zod';
import type { InvokeRequest, InvokeVerb } from '../../preload/contract';
import { fitsSettingsLimit, SETTINGS_MAX_BYTES } from '../core/settings/store';

// Arguments from the renderer are untrusted input: each verb's request is parsed before any
// handler sees it. Keyed by verb (the contract owns the channel strings), and typed against the
// contract so a schema cannot drift from the request type it guards.

const port = z.number().int().min(1).max(65535);
const identity = z.strictObject({ pid: z.number().int().positive(), startTime: z.number().finite().nonnegative() });
const none = z.undefined();
const killRequest = z.strictObject({ port, identity, confirmed: z.boolean().optional() });
// Capped before the settings schema walks it: a runaway renderer's megabytes are never parsed or written.
const settings = z.unknown().refine(fitsSettingsLimit, `over ${SETTINGS_MAX_BYTES} bytes as JSON (or not JSON at all): not accepted`);

export const REQUEST_SCHEMAS: { [V in InvokeVerb]: z.ZodType<InvokeRequest<V>> } = {
  listPorts: none,
  inspect: z.strictObject({ port }),
  kill: killRequest,
  restart: killRequest,
  start: z.strictObject({ port }),
  setPaused: z.strictObject({ paused: z.boolean() }),
  getSettings: none,
  // The settings themselves are checked by the settings schema, which gives per-field messages.
  validateSettings: z.strictObject({ settings }),
  saveSettings: z.strictObject({ settings }),
  getLoginItem: none,
  setLoginItem: z.strictObject({ enabled: z.boolean() }),
  openExternal: z.strictObject({ url: z.string().max(2048) }),
};
