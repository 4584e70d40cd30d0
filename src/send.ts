// The typed way for content scripts and extension pages to ask the background.
import type { MessageType, RequestOf, ResponseOf } from './messages';
import { sendRuntimeMessage } from './platform/runtime';

export async function send<K extends MessageType>(type: K, request: RequestOf<K>): Promise<ResponseOf<K>> {
  return (await sendRuntimeMessage({ type, request })) as ResponseOf<K>;
}
