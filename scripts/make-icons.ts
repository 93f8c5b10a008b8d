// Draws the Partner Lens mark and writes public/icon/<size>.png. There is no image tool on the
// build machines, so the mark is rasterised here and encoded as PNG with node:zlib alone.
//
//   npx tsx scripts/make-icons.ts            writes 16, 32, 48 and 128 px icons
//   npx tsx scripts/make-icons.ts 256 512    writes only the sizes given
//
// The mark: two overlapping rings (two teams, side by side) whose shared, lens-shaped overlap is
// filled: the "lens" in the name and the common ground both sides work from.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';

const OUT = resolve(import.meta.dirname, '../public/icon');
const COLOUR = { r: 0x0b, g: 0x6b, b: 0xcb };

/** Everything is designed on a 128-unit square and scaled. */
const DESIGN = 128;
const LEFT = { x: 45, y: 64 };
const RIGHT = { x: 83, y: 64 };
const RADIUS = 34;
const STROKE = 13;
const OVERLAP_ALPHA = 0.55;

/** Signed distance (design units) from a point to a ring's stroke; negative inside the stroke. */
function ringDistance(px: number, py: number, cx: number, cy: number, radius: number, width: number): number {
  return Math.abs(Math.hypot(px - cx, py - cy) - radius) - width / 2;
}

function inDisc(px: number, py: number, cx: number, cy: number, radius: number): boolean {
  return Math.hypot(px - cx, py - cy) <= radius;
}

/**
 * Straight (non-premultiplied) RGBA pixels. Coverage comes from supersampling each pixel on an
 * n×n grid, which anti-aliases the curved edges without a vector library.
 */
function draw(size: number): Uint8Array {
  const scale = size / DESIGN;
  // Thin strokes vanish at 16 px: keep each ring at least ~1.75 px wide there, and shrink the radius
  // so that the thicker rings still fit inside the square.
  const stroke = Math.max(STROKE, 1.75 / scale);
  const radius = RADIUS - (stroke - STROKE) / 2;
  const samples = size <= 32 ? 16 : 8;
  // At toolbar size the tinted overlap only blurs the two holes together; leave it out there.
  const overlapAlpha = size <= 16 ? 0 : OVERLAP_ALPHA;
  const pixels = new Uint8Array(size * size * 4);

  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let ring = 0;
      let overlap = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const px = (x + (sx + 0.5) / samples) / scale;
          const py = (y + (sy + 0.5) / samples) / scale;
          if (
            ringDistance(px, py, LEFT.x, LEFT.y, radius, stroke) <= 0 ||
            ringDistance(px, py, RIGHT.x, RIGHT.y, radius, stroke) <= 0
          ) {
            ring++;
          } else if (inDisc(px, py, LEFT.x, LEFT.y, radius) && inDisc(px, py, RIGHT.x, RIGHT.y, radius)) {
            overlap++;
          }
        }
      }
      const total = samples * samples;
      // Ring and overlap never share a sample, so their coverages simply add up.
      const alpha = ring / total + (overlap / total) * overlapAlpha;
      const i = (y * size + x) * 4;
      pixels[i] = COLOUR.r;
      pixels[i + 1] = COLOUR.g;
      pixels[i + 2] = COLOUR.b;
      pixels[i + 3] = Math.round(Math.min(1, alpha) * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  // The CRC covers the type and the data, not the length.
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function encodePng(size: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // colour type: RGBA
  // compression, filter method and interlace stay 0
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) {
    raw[y * (stride + 1)] = 0; // filter type "none" for every scanline
    raw.set(rgba.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

const requested = process.argv.slice(2).map(Number);
const sizes = requested.length > 0 ? requested : [16, 32, 48, 128];
if (sizes.some((s) => !Number.isInteger(s) || s < 8 || s > 1024)) {
  console.error('make-icons: sizes must be whole numbers between 8 and 1024');
  process.exit(2);
}
mkdirSync(OUT, { recursive: true });
for (const size of sizes) {
  const file = join(OUT, `${size}.png`);
  writeFileSync(file, encodePng(size, draw(size)));
  console.log(`wrote ${file}`);
}
