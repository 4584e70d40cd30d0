// Pictures in, QR text out: a photo or screenshot the user chose, dropped or
// pasted, and frames of the camera, drawn on a canvas and read with `qr`.
import { decodeQrText } from './qr';

/** Large photos are scaled down first: a code fills enough of any real photo, and decoding stays fast. */
const SIZES = [1600, 700];

function pixelsOf(source: CanvasImageSource, width: number, height: number, maxSide: number): ImageData {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const w = Math.max(1, Math.round(width * scale));
  const h = Math.max(1, Math.round(height * scale));
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2D canvas');
  context.drawImage(source, 0, 0, w, h);
  return context.getImageData(0, 0, w, h);
}

/** The QR text in `source`, trying a large and a small rendering; null when none is found. */
export function decodeFrom(source: CanvasImageSource, width: number, height: number, sizes = SIZES): string | null {
  for (const size of sizes) {
    const text = decodeQrText(pixelsOf(source, width, height, size));
    if (text !== null) return text;
  }
  return null;
}

export type ImageScan = { ok: true; text: string } | { ok: false; problem: 'not-an-image' | 'no-code' };

export async function scanImageFile(file: Blob): Promise<ImageScan> {
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    return { ok: false, problem: 'not-an-image' };
  }
  try {
    const text = decodeFrom(bitmap, bitmap.width, bitmap.height);
    return text === null ? { ok: false, problem: 'no-code' } : { ok: true, text };
  } finally {
    bitmap.close();
  }
}

/** The first image among dropped or pasted items, if any. */
export function firstImage(files: FileList | null | undefined): File | null {
  for (const file of files ?? []) if (file.type.startsWith('image/')) return file;
  return null;
}
