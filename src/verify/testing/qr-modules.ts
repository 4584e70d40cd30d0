// The modules of a KeyWatch QR code, drawn the way the verify page draws it
// (qr.ts), for tests that render it themselves (a fake camera, a decode round trip).
import encodeQR from 'qr';
import { bytesToLatin1, latin1Encoder, QR_OPTIONS } from '../qr';

export function qrModules(payload: Uint8Array | string): boolean[][] {
  return typeof payload === 'string'
    ? encodeQR(payload, 'raw', QR_OPTIONS)
    : encodeQR(bytesToLatin1(payload), 'raw', { ...QR_OPTIONS, encoding: 'byte', textEncoder: latin1Encoder });
}
