// QR codes for the verify page, with the `qr` package. Signal's scannable code
// is binary: it goes out in byte mode, one character per byte (Latin-1), and
// comes back the same way, so bytes >= 0x80 are not turned into UTF-8. The
// group code is ASCII text, which `qr` puts in the denser alphanumeric mode.
import encodeQR from 'qr';
import decodeQR from 'qr/decode.js';

export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

export function bytesToLatin1(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) out += String.fromCharCode(byte);
  return out;
}

/** The bytes of a Latin-1 string; null if it holds a character above 0xFF (not from a byte segment). */
export function latin1ToBytes(text: string): Uint8Array | null {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return null;
    out[i] = code;
  }
  return out;
}

export const latin1Encoder = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** How every KeyWatch code is drawn: medium error correction, a border of four modules. */
export const QR_OPTIONS = { ecc: 'medium', border: 4 } as const;

/** The QR code of `payload` (bytes in byte mode, text as `qr` chooses) as SVG markup: dark modules, no background. */
export function qrSvg(payload: Uint8Array | string): string {
  const svg =
    typeof payload === 'string'
      ? encodeQR(payload, 'svg', QR_OPTIONS)
      : encodeQR(bytesToLatin1(payload), 'svg', { ...QR_OPTIONS, encoding: 'byte', textEncoder: latin1Encoder });
  return svg.replace('<svg ', '<svg shape-rendering="crispEdges" ');
}

/** For an <img>: the page's policy allows data: images, and an image cannot run anything. */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** The text of the first QR code found in `image` (byte segments as Latin-1), or null when there is none. */
export function decodeQrText(image: RgbaImage): string | null {
  try {
    return decodeQR(image, { textDecoder: bytesToLatin1 });
  } catch {
    return null;
  }
}
