#!/usr/bin/env node
// Draws Backbeat's icon and writes it as PNG files, using only Node's zlib:
//   build/icon.png            512x512, for macOS and Windows (electron-builder converts it)
//   build/icons/NxN.png       the Linux icon set (the size must be in the file name)
// The mark: five rounded level bars on an indigo tile, the middle one (the beat) in
// amber. Shapes are signed-distance functions, so every size is drawn sharp and
// anti-aliased on its own rather than scaled down from the big one.
// Run: node build/make-icon.js
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');

const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];

// Colours as [r, g, b].
const TILE_TOP = [67, 56, 202];
const TILE_BOTTOM = [30, 27, 75];
const BAR = [238, 242, 255];
const BEAT = [251, 191, 36];

// Geometry in units of the icon's side (0..1).
const TILE_INSET = 0.04;
const TILE_RADIUS = 0.2;
const BAR_HEIGHTS = [0.3, 0.5, 0.68, 0.5, 0.3];
const BAR_WIDTH = 0.1;
const BAR_GAP = 0.045;

/** Signed distance from (px, py) to a rounded rectangle (negative inside). */
function roundedRectDistance(px, py, cx, cy, halfW, halfH, radius) {
  const qx = Math.abs(px - cx) - halfW + radius;
  const qy = Math.abs(py - cy) - halfH + radius;
  const outside = Math.hypot(Math.max(qx, 0), Math.max(qy, 0));
  return outside + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Coverage of a shape at a pixel, from its distance in pixels: a one-pixel soft edge. */
function coverage(distancePx) {
  return Math.min(1, Math.max(0, 0.5 - distancePx));
}

function mix(a, b, t) {
  return a.map((v, i) => v + (b[i] - v) * t);
}

function drawIcon(size) {
  const pixels = Buffer.alloc(size * size * 4);
  const barsWidth = BAR_HEIGHTS.length * BAR_WIDTH + (BAR_HEIGHTS.length - 1) * BAR_GAP;
  const firstBarCentre = 0.5 - barsWidth / 2 + BAR_WIDTH / 2;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // Sample at the pixel centre, in icon units.
      const u = (x + 0.5) / size;
      const v = (y + 0.5) / size;
      const tile = roundedRectDistance(u, v, 0.5, 0.5, 0.5 - TILE_INSET, 0.5 - TILE_INSET, TILE_RADIUS);
      const tileAlpha = coverage(tile * size);
      let colour = mix(TILE_TOP, TILE_BOTTOM, v);
      BAR_HEIGHTS.forEach((height, i) => {
        const cx = firstBarCentre + i * (BAR_WIDTH + BAR_GAP);
        const d = roundedRectDistance(u, v, cx, 0.5, BAR_WIDTH / 2, height / 2, BAR_WIDTH / 2);
        const a = coverage(d * size);
        if (a > 0) colour = mix(colour, i === 2 ? BEAT : BAR, a);
      });
      const o = (y * size + x) * 4;
      pixels[o] = Math.round(colour[0]);
      pixels[o + 1] = Math.round(colour[1]);
      pixels[o + 2] = Math.round(colour[2]);
      pixels[o + 3] = Math.round(tileAlpha * 255);
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

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** An 8-bit RGBA PNG: each scanline gets filter byte 0 (none), then zlib. */
function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  header[10] = 0; // compression
  header[11] = 0; // filter method
  header[12] = 0; // no interlace
  const stride = size * 4;
  const raw = Buffer.alloc((stride + 1) * size);
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', zlib.deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function main() {
  const buildDir = __dirname;
  const iconsDir = path.join(buildDir, 'icons');
  fs.mkdirSync(iconsDir, { recursive: true });
  for (const size of LINUX_SIZES) {
    const png = encodePng(size, drawIcon(size));
    fs.writeFileSync(path.join(iconsDir, `${size}x${size}.png`), png);
    if (size === 512) fs.writeFileSync(path.join(buildDir, 'icon.png'), png);
  }
  process.stdout.write(
    `Wrote build/icon.png and build/icons/{${LINUX_SIZES.map((s) => `${s}x${s}`).join(',')}}.png\n`,
  );
}

main();
