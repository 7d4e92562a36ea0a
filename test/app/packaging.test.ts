import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { trayIconDir } from '../../main/app/tray-icons';

const root = join(__dirname, '..', '..');
const build = join(root, 'build');

/** The fields of the loaded configuration these tests read, as the loader leaves them (`files` normalised). */
interface BuilderConfig {
  appId: string;
  productName: string;
  files: Array<string | { filter: string[] }>;
  extraResources: Array<{ from: string; to: string }>;
  directories: Record<string, string>;
  asar: boolean;
  asarUnpack: string[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  linux: { target: string[]; category: string; maintainer: string; icon: string };
  mac: { target: string[]; extendInfo: Record<string, unknown>; icon: string };
  win: { target: string[]; icon: string };
}

// electron-builder's own loader and JSON-schema validation: the config is checked the way `npm run dist` reads it.
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, fromOptions: null): Promise<BuilderConfig>;
  validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
};

interface Png {
  width: number;
  height: number;
  colorType: number;
  /** RGBA rows, only for the 8-bit RGBA non-interlaced PNGs our generator writes. */
  pixels?: Buffer;
}

function readPng(buf: Buffer): Png {
  expect(buf.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(buf.toString('ascii', 12, 16)).toBe('IHDR');
  const width = buf.readUInt32BE(16);
  const height = buf.readUInt32BE(20);
  const colorType = buf[25]!;
  const idat: Buffer[] = [];
  for (let off = 8; off < buf.length; ) {
    const length = buf.readUInt32BE(off);
    if (buf.toString('ascii', off + 4, off + 8) === 'IDAT') idat.push(buf.subarray(off + 8, off + 8 + length));
    off += 12 + length;
  }
  return { width, height, colorType, pixels: colorType === 6 ? inflateSync(Buffer.concat(idat)) : undefined };
}

/** Every pixel of an 8-bit RGBA PNG written with filter 0 (what scripts/make-icons.mjs writes). */
function* rgba(png: Png): Generator<[number, number, number, number]> {
  const stride = png.width * 4 + 1;
  for (let y = 0; y < png.height; y++) {
    expect(png.pixels![y * stride]).toBe(0);
    for (let x = 0; x < png.width; x++) {
      const i = y * stride + 1 + x * 4;
      yield [png.pixels![i]!, png.pixels![i + 1]!, png.pixels![i + 2]!, png.pixels![i + 3]!];
    }
  }
}

let config: BuilderConfig;
beforeAll(async () => {
  config = await getConfig(root, null, null);
  await validateConfiguration(config, { isEnabled: false, add() {} });
});

describe('electron-builder configuration', () => {
  it('names the app and packs the bundle, package.json and the tray icons', () => {
    expect(config.appId).toBe('dev.portwarden.app');
    expect(config.productName).toBe('Portwarden');
    // The loader normalises `files` to one filter set.
    const filter: string[] = config.files.flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
    expect(filter).toEqual(expect.arrayContaining(['dist/**', 'package.json', 'build/tray/**', '!dist/**/*.map']));
    // main/app/tray-icons.ts reads resources/tray in the packaged app.
    expect(config.extraResources).toEqual([{ from: 'build/tray', to: 'tray' }]);
    expect(trayIconDir(true, '/app.asar', '/resources')).toBe(join('/resources', config.extraResources[0]!.to));
    expect(config.directories).toMatchObject({ buildResources: 'build', output: 'release' });
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(pkg.main).toBe('dist/main.js');
    expect(pkg.scripts.dist).toBe('npm run build && electron-builder');
    // The entry electron-builder starts must be what the bundler writes.
    expect(readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8')).toContain("outfile: 'dist/main.js'");
    // The app's service runs in a worker loaded from beside dist/main.js: bundled, and not filtered out.
    expect(readFileSync(join(root, 'scripts', 'build.mjs'), 'utf8')).toContain("outfile: 'dist/service-worker.js'");
    expect(filter.filter((f) => f.startsWith('!')).some((f) => /service-worker|^!dist\/\*\*$|^!dist\/\*\.js$/.test(f))).toBe(false);
  });

  it('unpacks koffi and its prebuilt binary from the asar (dlopen cannot read inside one), and packs them', () => {
    const { minimatch } = require('minimatch') as { minimatch(path: string, pattern: string, options?: { dot?: boolean }): boolean };
    const unpack: string[] = config.asarUnpack;
    const filter: string[] = config.files.flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
    // Every file of koffi and of the platform binaries installed here: the .node and the loader that picks it.
    const installed = ['koffi', '@koromix'].flatMap((dir) =>
      (readdirSync(join(root, 'node_modules', dir), { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name).slice(root.length + 1)),
    );
    const natives = installed.filter((f) => f.endsWith('.node'));
    expect(natives.length).toBeGreaterThan(0);
    expect(installed).toContain(join('node_modules', 'koffi', 'index.cjs'));
    for (const file of installed) {
      expect(
        unpack.some((p) => minimatch(file, p, { dot: true })),
        `${file} unpacked`,
      ).toBe(true);
      expect(
        filter.some((p) => !p.startsWith('!') && minimatch(file, p, { dot: true })),
        `${file} packed`,
      ).toBe(true);
      expect(
        filter.some((p) => p.startsWith('!') && minimatch(file, p.slice(1), { dot: true })),
        `${file} not excluded`,
      ).toBe(false);
    }
    expect(config.npmRebuild).toBe(false);
  });

  it('builds an AppImage and a deb on Linux, in Development, with a maintainer', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Development');
    expect(config.linux.maintainer).toMatch(/<[^@\s]+@[^>\s]+>/);
    expect(config.linux.icon).toBe('build/icons');
  });

  it('builds a menu-bar-only dmg on macOS and an NSIS installer on Windows', () => {
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.mac.extendInfo.LSUIElement).toBe(true);
    expect(config.mac.icon).toBe('build/icon.icns');
    expect(config.win.target).toEqual(['nsis']);
    expect(config.win.icon).toBe('build/icon.ico');
  });

  it('sets the Electron fuses: no run-as-node, no NODE_OPTIONS or --inspect, asar only and integrity-checked', () => {
    expect(config.asar).toBe(true);
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});

describe('icons', () => {
  const APP_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

  it('has a Linux PNG for every size, each really that size', () => {
    for (const size of APP_SIZES) {
      const png = readPng(readFileSync(join(build, 'icons', `${size}x${size}.png`)));
      expect([png.width, png.height]).toEqual([size, size]);
    }
    expect(readPng(readFileSync(join(build, 'icon.png')))).toMatchObject({ width: 1024, height: 1024 });
  });

  it('has a Windows .ico whose entries are PNGs of the sizes they claim', () => {
    const ico = readFileSync(join(build, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sizes: number[] = [];
    for (let i = 0; i < ico.readUInt16LE(4); i++) {
      const e = 6 + 16 * i;
      const claimed = ico[e] === 0 ? 256 : ico[e]!;
      const png = readPng(ico.subarray(ico.readUInt32LE(e + 12), ico.readUInt32LE(e + 12) + ico.readUInt32LE(e + 8)));
      expect(png.width).toBe(claimed);
      sizes.push(claimed);
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('has a macOS .icns with every slot from 16 to 1024 (and @2x), each PNG the size its type means', () => {
    const icns = readFileSync(join(build, 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const expected: Record<string, number> = {
      icp4: 16,
      icp5: 32,
      icp6: 64,
      ic07: 128,
      ic08: 256,
      ic09: 512,
      ic10: 1024,
      ic11: 32,
      ic12: 64,
      ic13: 256,
      ic14: 512,
    };
    const seen: string[] = [];
    for (let off = 8; off < icns.length; ) {
      const type = icns.toString('ascii', off, off + 4);
      const length = icns.readUInt32BE(off + 4);
      expect(readPng(icns.subarray(off + 8, off + length)).width).toBe(expected[type]);
      seen.push(type);
      off += length;
    }
    expect(seen.sort()).toEqual(Object.keys(expected).sort());
  });

  it('has tray icons for every state at 1x and 2x, and template images that are black with alpha only', () => {
    for (const state of ['ok', 'warning', 'trouble']) {
      for (const [suffix, size] of [
        ['', 16],
        ['@2x', 32],
      ] as const) {
        const colour = readPng(readFileSync(join(build, 'tray', `${state}${suffix}.png`)));
        expect([colour.width, colour.height]).toEqual([size, size]);
        const template = readPng(readFileSync(join(build, 'tray', `${state}Template${suffix}.png`)));
        expect([template.width, template.height]).toEqual([size, size]);
        let opaque = 0;
        for (const [r, g, b, a] of rgba(template)) {
          // macOS tints template images from their alpha; any colour would be thrown away.
          if (a > 0) expect([r, g, b]).toEqual([0, 0, 0]);
          if (a === 255) opaque++;
        }
        expect(opaque).toBeGreaterThan(size * size * 0.25);
      }
    }
    // The three states must not look alike in the menu bar, where colour is gone.
    const bytes = ['ok', 'warning', 'trouble'].map((s) => readFileSync(join(build, 'tray', `${s}Template.png`)).toString('base64'));
    expect(new Set(bytes).size).toBe(3);
  });

  it('matches what scripts/make-icons.mjs renders (the committed files are not hand-edited)', () => {
    const out = mkdtempSync(join(tmpdir(), 'pw-icons-'));
    try {
      execFileSync(process.execPath, [join(root, 'scripts', 'make-icons.mjs'), '--out', out]);
      const list = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? list(join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name],
        );
      for (const file of list(out)) {
        expect(existsSync(join(build, file)), file).toBe(true);
        expect(readFileSync(join(build, file)).equals(readFileSync(join(out, file))), file).toBe(true);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
