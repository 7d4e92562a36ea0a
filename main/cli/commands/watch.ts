import { parseArgs } from 'node:util';
import { loadSettings } from '../../core/settings/store';
import { validateSettings } from '../../core/settings/validate';
import { createWatcher } from '../../core/watcher';
import { eventToJson } from '../../core/json';
import { describeEvent } from '../../core/watcher';
import { type Command, EXIT, UsageError } from '../context';

function clock(ms: number): string {
  return new Date(ms).toTimeString().slice(0, 8);
}

export const watch: Command = {
  name: 'watch',
  summary: 'stream port events (appeared, owner changed or died, released, verdicts) until Ctrl-C',
  usage: 'portwarden watch [--json] [--interval <ms>]',
  async run(args, ctx) {
    const { values } = parseArgs({ args, options: { json: { type: 'boolean' }, interval: { type: 'string' } } });
    const loaded = loadSettings({ env: ctx.env });
    if (loaded.warning) ctx.err(`portwarden: ${loaded.warning}`);
    let settings = loaded.settings;
    if (values.interval !== undefined) {
      const checked = validateSettings({ ...settings, pollIntervalMs: Number(values.interval) });
      if (!checked.ok)
        throw new UsageError(`--interval ${values.interval}: ${checked.issues.map((i) => i.message).join('; ')} (milliseconds)`);
      settings = checked.settings;
    }
    const watcher = createWatcher({ scanner: ctx.scanner, settings, clock: { now: ctx.now } });
    watcher.onDidEmitEvent((e) => ctx.out(values.json ? JSON.stringify(eventToJson(e)) : `${clock(e.at)}  ${describeEvent(e)}`));
    watcher.onDidFail((err) => ctx.err(`portwarden watch: scan failed (${err.message}); retrying every ${settings.pollIntervalMs} ms`));
    const first = await watcher.tick();
    if (!values.json) {
      const listening = first.ports.filter((p) => p.listener).length;
      ctx.out(
        `Watching ${listening} listening port${listening === 1 ? '' : 's'} every ${settings.pollIntervalMs} ms (settings: ${loaded.path}). Ctrl-C to stop.`,
      );
    }
    watcher.start();
    await ctx.interrupted;
    watcher.stop();
    return EXIT.ok;
  },
};
