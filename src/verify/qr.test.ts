import encodeQR from 'qr';
import { describe, expect, it } from 'vitest';
import { encodeGroupCode } from '../core/group-code';
import { fromHex } from '../core/testing/hex';
import { bytesToLatin1, decodeQrText, latin1ToBytes, qrSvg, svgDataUrl, type RgbaImage } from './qr';
import { qrModules } from './testing/qr-modules';

// Bob's scannable code from libsignal's published vector (version 1).
const SCANNABLE = fromHex(
  '080112220a20d62cbf73a11592015b6b9f1682ac306fea3aaf3885b84d12bca631e9d4fb3a4d1a220a201e301a0353dce3dbe7684cb8336e85136cdc0ee96219494ada305d62a7bd61df',
);

/** Draws modules as black and white pixels, `scale` pixels each, as a screen or photo would show them. */
function render(modules: boolean[][], scale = 4): RgbaImage {
  const size = modules.length * scale;
  const data = new Uint8ClampedArray(size * size * 4).fill(255);
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++)
        for (let dx = 0; dx < scale; dx++) {
          const at = ((y * scale + dy) * size + x * scale + dx) * 4;
          data[at] = data[at + 1] = data[at + 2] = 0;
        }
    }),
  );
  return { width: size, height: size, data };
}

describe('qr', () => {
  it("round-trips Signal's binary scannable code byte for byte", () => {
    const text = decodeQrText(render(qrModules(SCANNABLE)));
    expect(text).not.toBeNull();
    expect(latin1ToBytes(text!)).toEqual(SCANNABLE);
  });

  it('keeps a binary code small: one QR byte per payload byte', () => {
    // 70 bytes at medium error correction fit version 5 (37 modules) plus a 4-module border each side;
    // sent as UTF-8, its 27 bytes above 0x7F would double and need version 6.
    expect(qrModules(SCANNABLE)).toHaveLength(37 + 8);
    expect(encodeQR(bytesToLatin1(SCANNABLE), 'raw', { ecc: 'medium', border: 4 }).length).toBeGreaterThan(37 + 8);
  });

  it('round-trips the group code as text', () => {
    const code = encodeGroupCode('1'.repeat(60));
    expect(decodeQrText(render(qrModules(code)))).toBe(code);
  });

  it('finds nothing in an image without a code', () => {
    expect(decodeQrText({ width: 40, height: 40, data: new Uint8ClampedArray(40 * 40 * 4).fill(255) })).toBeNull();
  });

  it('makes an SVG image URL that the page policy allows', () => {
    const url = svgDataUrl(qrSvg(SCANNABLE));
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,%3Csvg%20shape-rendering%3D%22crispEdges%22')).toBe(true);
    expect(decodeURIComponent(url)).not.toMatch(/<script|on\w+=/i);
  });

  it('converts Latin-1 both ways and refuses wider characters', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(latin1ToBytes(bytesToLatin1(all))).toEqual(all);
    expect(latin1ToBytes('\u0100')).toBeNull();
  });
});
