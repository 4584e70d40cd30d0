// The camera, from the verify page (an extension page, so the browser asks the
// user for permission the first time). Every failure maps to a plain reason.
import { decodeFrom } from './image-decode';

export type CameraProblem = 'unavailable' | 'refused' | 'none' | 'busy' | 'failed';
export type CameraOpen = { ok: true; stream: MediaStream } | { ok: false; problem: CameraProblem; detail: string };

export async function openCamera(): Promise<CameraOpen> {
  if (!navigator.mediaDevices?.getUserMedia) return { ok: false, problem: 'unavailable', detail: 'no media devices' };
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
    return { ok: true, stream };
  } catch (error) {
    const name = error instanceof DOMException ? error.name : '';
    const detail = error instanceof Error ? error.message : String(error);
    if (name === 'NotAllowedError' || name === 'SecurityError') return { ok: false, problem: 'refused', detail };
    if (name === 'NotFoundError' || name === 'OverconstrainedError') return { ok: false, problem: 'none', detail };
    if (name === 'NotReadableError' || name === 'AbortError') return { ok: false, problem: 'busy', detail };
    return { ok: false, problem: 'failed', detail };
  }
}

export function stopCamera(stream: MediaStream | null): void {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/** Reads frames of `video` about eight times a second until `onText` returns true or the returned stop is called. */
export function scanVideo(video: HTMLVideoElement, onText: (text: string) => boolean): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const tick = () => {
    if (stopped) return;
    if (video.readyState >= 2 && video.videoWidth > 0) {
      const text = decodeFrom(video, video.videoWidth, video.videoHeight, [800]);
      if (text !== null && onText(text)) return;
    }
    timer = setTimeout(tick, 120);
  };
  tick();
  return () => {
    stopped = true;
    if (timer) clearTimeout(timer);
  };
}
