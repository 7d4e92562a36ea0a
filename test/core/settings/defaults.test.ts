import { describe, expect, it } from 'vitest';
import { defaultSettings, SETTING_KEYS, settingsSchema } from '../../../main/core/settings/schema';

// The defaults and the key list are plain data so a run without a settings file never loads zod;
// they must stay what the schema itself says.
describe('settings defaults without the schema', () => {
  it('are what the schema fills into an empty file', () => {
    expect(defaultSettings()).toEqual(settingsSchema().parse({}));
  });

  it('name every key of the schema, and only those', () => {
    expect([...SETTING_KEYS].sort()).toEqual(Object.keys(settingsSchema().shape).sort());
  });

  it('are a fresh copy each time, so a caller changing one cannot change the next', () => {
    const first = defaultSettings();
    first.buildDirs.push('mutated');
    expect(defaultSettings().buildDirs).not.toContain('mutated');
  });
});
