// To-device messages, queued per device until the device's sync acknowledges
// them (a later sync whose `since` is at or past the message's position).

import type { Stream } from './stream';

export interface ToDeviceMessage {
  position: number;
  sender: string;
  type: string;
  content: unknown;
}

export class ToDeviceQueues {
  private readonly queues = new Map<string, ToDeviceMessage[]>();

  constructor(private readonly stream: Stream) {}

  send(sender: string, type: string, recipients: Array<{ userId: string; deviceId: string; content: unknown }>): void {
    if (recipients.length === 0) return;
    const position = this.stream.advance();
    for (const { userId, deviceId, content } of recipients) {
      const key = `${userId}|${deviceId}`;
      const queue = this.queues.get(key) ?? [];
      queue.push({ position, sender, type, content });
      this.queues.set(key, queue);
    }
  }

  /**
   * Drops what the device has acknowledged and returns what is left, oldest
   * first. All of it: a response that held back some would acknowledge them
   * with its next_batch.
   */
  pending(userId: string, deviceId: string, acknowledged: number): ToDeviceMessage[] {
    const key = `${userId}|${deviceId}`;
    const queue = (this.queues.get(key) ?? []).filter((m) => m.position > acknowledged);
    this.queues.set(key, queue);
    return queue;
  }

  /** Every message waiting for a device nobody logs in with (a ghost device): what the attacker receives. */
  peek(userId: string, deviceId: string): readonly ToDeviceMessage[] {
    return this.queues.get(`${userId}|${deviceId}`) ?? [];
  }

  forget(userId: string, deviceId: string): void {
    this.queues.delete(`${userId}|${deviceId}`);
  }
}
