// Draws the extension icon (images/icon.png, 128x128): a blue shield with a white check mark.
// Plain Node (zlib for the PNG), so it can be redrawn anywhere: `node scripts/make-icon.mjs`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SHIELD = [50, 108, 229]; // Kubernetes blue
const MARK = [255, 255, 255];

/** Inside the shield: straight sides on top, a curve down to the point at the bottom. */
function inShield(x, y) {
  const cx = SIZE / 2;
  const dx = Math.abs(x - cx);
  if (y < 14 || y > 118) return false;
  if (y < 30) return dx <= 48 - (30 - y) * 0.6 && dx <= 48;
  if (y < 64) return dx <= 48;
  const t = (y - 64) / (118 - 64); // 0 at the waist, 1 at the point
  return dx <= 48 * Math.sqrt(1 - t * t);
}

/** Distance from point p to segment a-b. */
function distance([px, py], [ax, ay], [bx, by]) {
  const [vx, vy] = [bx - ax, by - ay];
  const t = Math.max(0, Math.min(1, ((px - ax) * vx + (py - ay) * vy) / (vx * vx + vy * vy)));
  return Math.hypot(px - (ax + t * vx), py - (ay + t * vy));
}

function inMark(x, y) {
  const p = [x, y];
  return distance(p, [40, 64], [57, 82]) < 7 || distance(p, [57, 82], [89, 46]) < 7;
}

/** 4x4 supersampling for smooth edges. */
function pixel(x, y) {
  let shield = 0;
  let mark = 0;
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) {
      const [sx, sy] = [x + (i + 0.5) / 4, y + (j + 0.5) / 4];
      if (inShield(sx, sy)) {
        shield++;
        if (inMark(sx, sy)) mark++;
      }
    }
  }
  if (!shield) return [0, 0, 0, 0];
  const m = mark / shield;
  const rgb = SHIELD.map((c, k) => Math.round(c * (1 - m) + MARK[k] * m));
  return [...rgb, Math.round((shield / 16) * 255)];
}

function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const rows = [];
for (let y = 0; y < SIZE; y++) {
  const row = [0]; // filter: none
  for (let x = 0; x < SIZE; x++) row.push(...pixel(x, y));
  rows.push(Buffer.from(row));
}
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(Buffer.concat(rows), { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
mkdirSync('images', { recursive: true });
writeFileSync('images/icon.png', png);
console.log(`images/icon.png: ${png.length} bytes`);
