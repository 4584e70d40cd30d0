import { useEffect, useRef, useState } from 'preact/hooks';
import { onFileChosen } from '../ui/file-input';
import { t } from '../ui/i18n';
import { openCamera, scanVideo, stopCamera, type CameraOpen } from './camera';
import { firstImage, scanImageFile } from './image-decode';
import type { Outcome } from './outcome';

/**
 * Scanning their code: with the camera (asked for only when the user starts
 * it), or from a picture of it — chosen, dropped, or pasted anywhere on the page.
 */
export function ScanCompare({ judge, onOutcome }: { judge: (text: string) => Outcome; onOutcome: (outcome: Outcome | null) => void }) {
  const [status, setStatus] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [dragging, setDragging] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  // The judge of the number shown now: a scan that finishes after a key changed is judged against the new number.
  const latestJudge = useRef(judge);
  latestJudge.current = judge;

  const readImage = async (file: Blob) => {
    setProblem(null);
    onOutcome(null);
    setStatus(t('verifyImageReading'));
    const scan = await scanImageFile(file);
    setStatus('');
    if (!scan.ok) return setProblem(t(scan.problem === 'no-code' ? 'verifyImageNoCode' : 'verifyImageNotImage'));
    onOutcome(latestJudge.current(scan.text));
  };

  const startCamera = async () => {
    setProblem(null);
    onOutcome(null);
    const opened = await openCamera();
    if (opened.ok) setStream(opened.stream);
    else setProblem(cameraProblemText(opened));
  };

  const stop = () => {
    stopCamera(stream);
    setStream(null);
    setStatus('');
  };

  useEffect(() => {
    const element = video.current;
    if (!stream || !element) return;
    element.srcObject = stream;
    element.play().catch(() => undefined);
    setStatus(t('verifyCameraLooking'));
    const stopScanning = scanVideo(element, (text) => {
      const outcome = latestJudge.current(text);
      // Another kind of code in view: say so and keep looking for theirs.
      if (outcome.kind === 'inconclusive') {
        setProblem(outcome.message);
        return false;
      }
      stopCamera(stream);
      setStream(null);
      setStatus('');
      setProblem(null);
      onOutcome(outcome);
      return true;
    });
    return () => {
      stopScanning();
      stopCamera(stream);
    };
  }, [stream]);

  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const file = firstImage(event.clipboardData?.files);
      if (!file) return;
      event.preventDefault();
      void readImage(file);
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, [judge]);

  return (
    <div class="panel" data-testid="scan-panel">
      <div class="row">
        {stream ? (
          <button type="button" onClick={stop} data-testid="camera-stop">
            {t('verifyCameraStop')}
          </button>
        ) : (
          <button type="button" class="primary" onClick={() => void startCamera()} data-testid="camera-start">
            {t('verifyCameraStart')}
          </button>
        )}
      </div>
      {stream && <video ref={video} class="camera" muted playsInline aria-label={t('verifyCameraPreview')} data-testid="camera-video" />}
      <div
        class={`dropzone${dragging ? ' dragging' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          const file = firstImage(e.dataTransfer?.files);
          if (file) void readImage(file);
          else setProblem(t('verifyImageNotImage'));
        }}
      >
        <label for="code-image">{t('verifyImageChoose')}</label>
        <input
          id="code-image"
          type="file"
          accept="image/*"
          data-testid="image-input"
          onChange={onFileChosen((file) => void readImage(file))}
        />
        <p class="muted small">{t('verifyImageDrop')}</p>
      </div>
      <p role="status" class="small" data-testid="scan-status">
        {status}
      </p>
      {problem && (
        <p class="notice" role="alert" data-testid="scan-problem">
          {problem}
        </p>
      )}
    </div>
  );
}

function cameraProblemText(opened: Extract<CameraOpen, { ok: false }>): string {
  switch (opened.problem) {
    case 'unavailable':
      return t('verifyCameraUnavailable');
    case 'refused':
      return t('verifyCameraRefused');
    case 'none':
      return t('verifyCameraNone');
    case 'busy':
      return t('verifyCameraBusy');
    case 'failed':
      return t('verifyCameraFailed', opened.detail);
  }
}
