// The host pattern to ask permission for, from an address the user typed.

/** "https://chat.example.org/app" → "https://chat.example.org/*"; null for anything else. */
export function matchPatternFor(address: string): string | null {
  try {
    const url = new URL(address.trim());
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname))) return null;
    return `${url.protocol}//${url.hostname}/*`;
  } catch {
    return null;
  }
}
