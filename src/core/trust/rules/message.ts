// Alert text as messages of public/_locales (never baked into a stored record,
// so every language can show it): a key and the values for its $1…$9. A value
// is plain text (page text, cleaned; a short key) or another message, rendered
// first: the words KeyWatch adds around page text (quotation marks, "this
// conversation", "someone", "no key") are translated like the rest.
// Names and titles are page text: cleaned first (see display-text).

import type { PublicKeyRef } from '../../roster';
import { cleanText } from '../display-text';
import { shortKey } from '../public-keys';
import type { AlertFields } from './fields';

export interface Message {
  readonly key: string;
  readonly args: readonly MessageArg[];
}
export type MessageArg = string | Message;

/** What an alert says: what happened, and exactly what acknowledging it accepts. */
export interface AlertText {
  summary: Message;
  accepts: Message;
}

export function message(key: string, ...args: MessageArg[]): Message {
  return { key, args };
}

/** A person as alert texts name them: their display name, or their id when the name is empty. */
export function person(a: Pick<AlertFields, 'contactName' | 'contactId'>): MessageArg {
  return cleanText(a.contactName ?? '', '') || cleanText(a.contactId ?? '', '') || message('alertPart_someone');
}

/** Text between quotation marks, or the fallback when nothing is left of it. */
function quoted(text: string | null, fallback: MessageArg): Message {
  return message('alertPart_quoted', cleanText(text ?? '', '') || fallback);
}

/** The conversation, by its title. */
export function conversation(a: Pick<AlertFields, 'conversationTitle'>): Message {
  return quoted(a.conversationTitle, message('alertPart_thisConversation'));
}

export function keyText(key: PublicKeyRef | null): MessageArg {
  return key === null ? message('alertPart_noKey') : shortKey(key);
}

/** A device, by its id and key: `device “laptop” (key 05ab 12cd 9f3e…)`. */
export function device(a: Pick<AlertFields, 'deviceId' | 'key'>): Message {
  return message('alertPart_device', quoted(a.deviceId, '?'), keyText(a.key));
}

/** A reason KeyWatch wrote itself, as it is. */
export function reason(detail: string | null): MessageArg {
  return detail ?? message('alertPart_noReason');
}
