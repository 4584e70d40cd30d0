import { useMemo } from 'preact/hooks';
import { qrSvg, svgDataUrl } from './qr';

/** The code as an image (the page policy allows data: images; an image runs nothing). Always dark on white. */
export function QrImage({ payload, alt }: { payload: Uint8Array | string; alt: string }) {
  const src = useMemo(() => svgDataUrl(qrSvg(payload)), [payload]);
  return <img class="qr" dir="ltr" src={src} alt={alt} width={264} height={264} data-testid="qr" />;
}
