import { shortKey } from '../core/trust';
import type { PublicKeyRef } from '../core/roster';

export const formatTime = (ms: number): string => new Date(ms).toLocaleString();

export function keyLabel(key: PublicKeyRef | null): string {
  return key ? `${key.algorithm} ${shortKey(key)}` : '—';
}

/** Saves text as a file through the browser's download (a blob URL, revoked afterwards). */
export function saveTextFile(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
