// Renders every icon Portwarden ships from a few signed-distance shapes, with nothing but node:zlib:
// the app icon at every size (Linux PNG set, macOS .icns, Windows .ico) and the tray state icons
// (coloured, and black macOS template images that the menu bar tints itself).
// Run: node scripts/make-icons.mjs [--out DIR]   (the output is committed; rerun after changing a shape)
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// --out DIR writes elsewhere (the packaging test regenerates and compares with what is committed).
const outIndex = process.argv.indexOf('--out');
const buildDir = outIndex > 0 ? process.argv[outIndex + 1] : join(root, 'build');

// ---- PNG --------------------------------------------------------------------------------------
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}
/** rgba: Float32Array of premultiplied-free RGBA in 0..1. */
export function encodePng(size, rgba) {
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size * 4; x++) raw[y * (size * 4 + 1) + 1 + x] = Math.round(Math.min(1, Math.max(0, rgba[y * size * 4 + x])) * 255);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---- shapes (unit square, y down; every function returns a signed distance, < 0 inside) -------
const len = (x, y) => Math.hypot(x, y);
function sdSegment(px, py, ax, ay, bx, by) {
  const pax = px - ax,
    pay = py - ay,
    bax = bx - ax,
    bay = by - ay;
  const h = Math.min(1, Math.max(0, (pax * bax + pay * bay) / (bax * bax + bay * bay)));
  return len(pax - bax * h, pay - bay * h);
}
function sdPolygon(px, py, v) {
  let d = Infinity;
  let s = 1;
  for (let i = 0, j = v.length - 1; i < v.length; j = i, i++) {
    const [xi, yi] = v[i],
      [xj, yj] = v[j];
    d = Math.min(d, sdSegment(px, py, xi, yi, xj, yj));
    // Crossing-number sign: odd crossings mean inside.
    if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) s = -s;
  }
  return s * d;
}
function sdRoundBox(px, py, cx, cy, hw, hh, r) {
  const qx = Math.abs(px - cx) - hw + r,
    qy = Math.abs(py - cy) - hh + r;
  return len(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** A shield outline as a polygon inside the box (x0, y0)–(x1, y1). */
function shieldPolygon(x0, y0, x1, y1) {
  const w = x1 - x0,
    h = y1 - y0,
    cx = (x0 + x1) / 2;
  const r = w * 0.12;
  const pts = [];
  const arc = (ox, oy, a0, a1) => {
    for (let i = 0; i <= 8; i++) {
      const a = a0 + ((a1 - a0) * i) / 8;
      pts.push([ox + r * Math.cos(a), oy + r * Math.sin(a)]);
    }
  };
  arc(x0 + r, y0 + r, Math.PI, 1.5 * Math.PI);
  arc(x1 - r, y0 + r, 1.5 * Math.PI, 2 * Math.PI);
  const shoulder = y0 + h * 0.45;
  // Right flank: a quadratic curve from the shoulder down to the point.
  for (let i = 0; i <= 24; i++) {
    const t = i / 24;
    const bx = (1 - t) ** 2 * x1 + 2 * (1 - t) * t * x1 + t * t * cx;
    const by = (1 - t) ** 2 * shoulder + 2 * (1 - t) * t * (y0 + h * 0.82) + t * t * y1;
    pts.push([bx, by]);
  }
  const right = pts.slice(-25);
  for (let i = right.length - 2; i >= 0; i--) pts.push([2 * cx - right[i][0], right[i][1]]);
  return pts;
}

// Marks drawn inside the shield (knocked out of it), centred on the shield's visual middle.
const MARKS = {
  // A wall socket (two slots over a round hole): a port. Two bare slots would read as "pause".
  ok: (px, py, k) =>
    Math.min(
      sdSegment(px, py, 0.39, 0.32, 0.39, 0.46) - 0.045 * k,
      sdSegment(px, py, 0.61, 0.32, 0.61, 0.46) - 0.045 * k,
      len(px - 0.5, py - 0.64) - 0.07 * k,
    ),
  warning: (px, py, k) => Math.min(sdSegment(px, py, 0.5, 0.3, 0.5, 0.52) - 0.055 * k, len(px - 0.5, py - 0.68) - 0.065 * k),
  trouble: (px, py, k) =>
    Math.min(sdSegment(px, py, 0.37, 0.3, 0.63, 0.6) - 0.055 * k, sdSegment(px, py, 0.63, 0.3, 0.37, 0.6) - 0.055 * k),
};

const SHIELD_TRAY = shieldPolygon(0.12, 0.06, 0.88, 0.96);
const SHIELD_APP = shieldPolygon(0.27, 0.22, 0.73, 0.82);

/** Renders a list of layers: each { sd(px, py) → distance, color: [r,g,b] | (px,py) → [r,g,b] }. */
function render(size, layers) {
  const out = new Float32Array(size * size * 4);
  const aa = 1 / size; // one pixel in unit coordinates
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const px = (x + 0.5) / size,
        py = (y + 0.5) / size;
      let r = 0,
        g = 0,
        b = 0,
        a = 0;
      for (const layer of layers) {
        const d = layer.sd(px, py);
        const cover = Math.min(1, Math.max(0, 0.5 - d / aa));
        if (cover === 0) continue;
        if (layer.erase) {
          a *= 1 - cover;
          continue;
        }
        const [lr, lg, lb] = typeof layer.color === 'function' ? layer.color(px, py) : layer.color;
        const na = cover + a * (1 - cover);
        r = (lr * cover + r * a * (1 - cover)) / na;
        g = (lg * cover + g * a * (1 - cover)) / na;
        b = (lb * cover + b * a * (1 - cover)) / na;
        a = na;
      }
      out.set([r, g, b, a], (y * size + x) * 4);
    }
  }
  return out;
}

const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16) / 255);
const mix = (c1, c2, t) => c1.map((v, i) => v + (c2[i] - v) * t);

function appIcon(size) {
  const top = hex('#14b8a6'),
    bottom = hex('#0c4a6e');
  // Small sizes drop the macOS-style margin and zoom the shield, or the mark dissolves into blur.
  const small = size <= 32;
  const box = small ? 0.48 : 0.41;
  const z = small ? 1.35 : 1;
  const k = Math.max(1, 1.4 / (0.045 * size * z));
  const zx = (x) => 0.5 + (x - 0.5) / z,
    zy = (y) => 0.5 + (y - 0.5) / z;
  return render(size, [
    { sd: (x, y) => sdRoundBox(x, y, 0.5, 0.5, box, box, small ? 0.12 : 0.09), color: (_x, y) => mix(top, bottom, y) },
    { sd: (x, y) => sdPolygon(zx(x), zy(y), SHIELD_APP) * z, color: hex('#f8fafc') },
    { sd: (x, y) => (MARKS.ok(0.5 + (zx(x) - 0.5) * 1.65, 0.46 + (zy(y) - 0.5) * 1.65, k) / 1.65) * z, color: hex('#0c4a6e') },
  ]);
}

const STATE_COLORS = { ok: '#16a34a', warning: '#d97706', trouble: '#dc2626' };

function trayIcon(size, state, template) {
  const k = Math.max(1, 1.1 / (0.05 * size));
  return render(size, [
    { sd: (x, y) => sdPolygon(x, y, SHIELD_TRAY), color: template ? [0, 0, 0] : hex(STATE_COLORS[state]) },
    // Template images carry meaning in alpha alone, so the mark is cut out rather than painted white.
    template ? { sd: (x, y) => MARKS[state](x, y, k), erase: true } : { sd: (x, y) => MARKS[state](x, y, k), color: [1, 1, 1] },
  ]);
}

// ---- containers ---------------------------------------------------------------------------------
function ico(entries) {
  const header = Buffer.alloc(6 + 16 * entries.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2); // icon
  header.writeUInt16LE(entries.length, 4);
  let offset = header.length;
  entries.forEach(([size, png], i) => {
    const e = 6 + 16 * i;
    header[e] = size >= 256 ? 0 : size; // 0 means 256
    header[e + 1] = size >= 256 ? 0 : size;
    header.writeUInt16LE(1, e + 4); // colour planes
    header.writeUInt16LE(32, e + 6); // bits per pixel
    header.writeUInt32LE(png.length, e + 8);
    header.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...entries.map(([, png]) => png)]);
}

// PNG-payload icns types (macOS 10.7+): the OSType names the pixel size.
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];
function icns(pngBySize) {
  const parts = ICNS_TYPES.map(([type, size]) => {
    const png = pngBySize.get(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

// ---- write ----------------------------------------------------------------------------------------
export const APP_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

function write(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const pngs = new Map(APP_SIZES.map((s) => [s, encodePng(s, appIcon(s))]));
  for (const [size, png] of pngs) write(join(buildDir, 'icons', `${size}x${size}.png`), png);
  write(join(buildDir, 'icon.png'), pngs.get(1024));
  write(join(buildDir, 'icon.icns'), icns(pngs));
  write(join(buildDir, 'icon.ico'), ico([16, 24, 32, 48, 64, 128, 256].map((s) => [s, pngs.get(s)])));
  for (const state of Object.keys(STATE_COLORS)) {
    for (const [suffix, size] of [
      ['', 16],
      ['@2x', 32],
    ]) {
      write(join(buildDir, 'tray', `${state}${suffix}.png`), encodePng(size, trayIcon(size, state, false)));
      write(join(buildDir, 'tray', `${state}Template${suffix}.png`), encodePng(size, trayIcon(size, state, true)));
    }
  }
  console.log(`icons written to ${buildDir}`);
}
