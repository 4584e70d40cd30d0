// Types for zip.js (a plain Node script, also used from TypeScript tests).
export function zip(files: Array<{ name: string; data: Buffer }>): Buffer;
export function zipFolder(dir: string): { files: number; bytes: Buffer };
