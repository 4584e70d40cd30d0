// The open conversation lives in the address (#/c/<id>), so a reload keeps it.

export function conversationFromHash(hash: string): string | null {
  const match = /^#\/c\/(.+)$/.exec(hash);
  if (!match) return null;
  try {
    return decodeURIComponent(match[1]!);
  } catch {
    return null;
  }
}

export function hashFor(conversationId: string | null): string {
  return conversationId === null ? '#/' : `#/c/${encodeURIComponent(conversationId)}`;
}
