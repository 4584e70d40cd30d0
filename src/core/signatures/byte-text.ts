// Bytes as a string of the same length, one character per byte: a cheap,
// exact Map key for byte strings.

const CHUNK = 4096;

export function byteText(bytes: Uint8Array): string {
  // apply takes the typed array as it is (spreading it goes through its iterator, several times slower).
  if (bytes.length <= CHUNK) return String.fromCharCode.apply(null, bytes as unknown as number[]);
  let text = '';
  for (let i = 0; i < bytes.length; i += CHUNK)
    text += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  return text;
}
