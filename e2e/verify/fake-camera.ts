// A camera for Chromium's fake capture device: a Y4M video whose every frame
// shows a QR code, as a phone held up to the camera would.
import { writeFileSync } from 'node:fs';
import { qrModules } from '../../src/verify/testing/qr-modules';

const WIDTH = 640;
const HEIGHT = 480;
const FRAMES = 2;

/**
 * Writes a short I420 Y4M video of `payload`'s QR code, black on white, centred, 8 pixels a module; with `blankFrames`
 * white frames first (nothing to read), at `fps` frames a second. Chromium plays it in a loop.
 */
export function writeQrVideo(path: string, payload: Uint8Array | string, { blankFrames = 0, fps = 10 } = {}): void {
  const modules = qrModules(payload);
  const scale = 8;
  const size = modules.length * scale;
  const left = Math.floor((WIDTH - size) / 2);
  const top = Math.floor((HEIGHT - size) / 2);
  const luma = Buffer.alloc(WIDTH * HEIGHT, 235);
  modules.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (!dark) return;
      for (let dy = 0; dy < scale; dy++)
        luma.fill(16, (top + y * scale + dy) * WIDTH + left + x * scale, (top + y * scale + dy) * WIDTH + left + (x + 1) * scale);
    }),
  );
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const blank = Buffer.concat([Buffer.from('FRAME\n'), Buffer.alloc(WIDTH * HEIGHT, 235), chroma]);
  writeFileSync(
    path,
    Buffer.concat([
      Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F${fps}:1 Ip A1:1 C420jpeg\n`),
      ...Array<Buffer>(blankFrames).fill(blank),
      ...Array<Buffer>(FRAMES).fill(frame),
    ]),
  );
}
