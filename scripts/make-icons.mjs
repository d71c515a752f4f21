// Writes the app's simple icons (build/icon.png 512×512, build/icon.ico with 256/48/32/16): a calm teal tile with a white
// desk. Plain Node (zlib for PNG), so it runs anywhere; the outputs are committed. Run: node scripts/make-icons.mjs
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');

function crc32(buf) {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** The picture at size n: RGBA rows. Coordinates are in a 0..1 square so every size looks the same. */
function pixels(n) {
  const rows = [];
  const teal = [0x1f, 0x6f, 0x6b];
  const inside = (x, y) => {
    const r = 0.18; // rounded corners
    const cx = Math.min(Math.max(x, r), 1 - r);
    const cy = Math.min(Math.max(y, r), 1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  };
  const desk = (x, y) =>
    (y >= 0.38 && y <= 0.47 && x >= 0.2 && x <= 0.8) || // top
    (y > 0.47 && y <= 0.76 && ((x >= 0.26 && x <= 0.34) || (x >= 0.66 && x <= 0.74))) || // legs
    (y >= 0.24 && y <= 0.38 && x >= 0.42 && x <= 0.58 && !(y >= 0.28 && x >= 0.46 && x <= 0.54)); // an open book on it
  for (let j = 0; j < n; j++) {
    const row = [0];
    for (let i = 0; i < n; i++) {
      let cover = 0;
      let white = 0;
      // 4×4 supersampling for smooth edges.
      for (let sj = 0; sj < 4; sj++)
        for (let si = 0; si < 4; si++) {
          const x = (i + (si + 0.5) / 4) / n;
          const y = (j + (sj + 0.5) / 4) / n;
          if (inside(x, y)) {
            cover++;
            if (desk(x, y)) white++;
          }
        }
      const a = cover / 16;
      const w = cover ? white / cover : 0;
      row.push(...teal.map((c) => Math.round(c + (255 - c) * w)), Math.round(a * 255));
    }
    rows.push(Buffer.from(row));
  }
  return Buffer.concat(rows);
}

function png(n) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(n, 0);
  ihdr.writeUInt32BE(n, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(6, 9); // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(pixels(n))), chunk('IEND', Buffer.alloc(0))]);
}

function ico(sizes) {
  const images = sizes.map((n) => png(n));
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(sizes.length, 4);
  let offset = 6 + 16 * sizes.length;
  const entries = sizes.map((n, k) => {
    const e = Buffer.alloc(16);
    e.writeUInt8(n >= 256 ? 0 : n, 0);
    e.writeUInt8(n >= 256 ? 0 : n, 1);
    e.writeUInt16LE(1, 4); // planes
    e.writeUInt16LE(32, 6); // bits per pixel
    e.writeUInt32LE(images[k].length, 8);
    e.writeUInt32LE(offset, 12);
    offset += images[k].length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...images]);
}

mkdirSync(path.join(root, 'build/icons'), { recursive: true });
writeFileSync(path.join(root, 'build/icon.png'), png(512));
writeFileSync(path.join(root, 'build/icon.ico'), ico([256, 48, 32, 16]));
for (const n of [16, 32, 48, 64, 128, 256, 512]) writeFileSync(path.join(root, `build/icons/${n}x${n}.png`), png(n));
console.log('Icons written to build/.');
