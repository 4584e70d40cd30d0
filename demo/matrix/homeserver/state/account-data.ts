// Account data, global and per room: the last content of each type, with the
// stream position it was set at.

import type { Stream } from './stream';

interface Entry {
  content: Record<string, unknown>;
  position: number;
}

export class AccountData {
  private readonly entries = new Map<string, Map<string, Entry>>();

  constructor(private readonly stream: Stream) {}

  private scope(userId: string, roomId: string | null): string {
    return `${userId}|${roomId ?? ''}`;
  }

  set(userId: string, roomId: string | null, type: string, content: Record<string, unknown>): void {
    const key = this.scope(userId, roomId);
    const entries = this.entries.get(key) ?? new Map<string, Entry>();
    entries.set(type, { content, position: this.stream.advance() });
    this.entries.set(key, entries);
  }

  get(userId: string, roomId: string | null, type: string): Record<string, unknown> | undefined {
    return this.entries.get(this.scope(userId, roomId))?.get(type)?.content;
  }

  /** Events set after `since`, in the sync format `{type, content}`. */
  since(userId: string, roomId: string | null, since: number): Array<{ type: string; content: Record<string, unknown> }> {
    return [...(this.entries.get(this.scope(userId, roomId)) ?? [])]
      .filter(([, entry]) => entry.position > since)
      .map(([type, entry]) => ({ type, content: entry.content }));
  }
}
