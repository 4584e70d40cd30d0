// The popup's view of a tab, built from storage only: the conversation record
// with its roster, the contact record of each person on it, and the alerts about them.
import {
  contactKey, ContactRecordSchema, readConversation, readWith, SEVERITIES,
  type AlertRecord, type ContactRecord, type ConversationWithRoster,
} from '../core/trust';
import { readKeys } from '../platform/storage';
import { alertsOfConversation } from './conversation-alerts';
import { STORE_PROBLEM_KEY } from './startup';
import { allAlerts, getLocal } from './store';
import type { TabState } from './tab-state';
import { carriedAlerts } from './carried-alerts';
import type { ParticipantRow, Severity, TabView } from './tab-view';

function worse(a: Severity | null, b: Severity): Severity {
  return a === null || SEVERITIES.indexOf(b) > SEVERITIES.indexOf(a) ? b : a;
}

function participantRows(conversation: ConversationWithRoster, contacts: Map<string, ContactRecord>, open: AlertRecord[]): ParticipantRow[] {
  const worst = new Map<string, Severity>();
  for (const a of open) if (a.contactId !== null) worst.set(a.contactId, worse(worst.get(a.contactId) ?? null, a.severity));
  return conversation.roster.map((member) => {
    const contact = contacts.get(member.id);
    return {
      id: member.id,
      name: contact?.name || member.id,
      isSelf: member.isSelf,
      shown: member.shown,
      identityKey: member.identityKey,
      identityProblem: contact?.invalidReason ?? (member.identityKey ? null : 'no usable identity key'),
      devices: member.devices.map((d) => ({ id: d.id, key: d.key, vouch: d.vouch, encryptedTo: d.encryptedTo })),
      trust: contact?.trust ?? 'unkeyed',
      worst: worst.get(member.id) ?? null,
    };
  });
}

export async function buildTabView(state: TabState): Promise<TabView> {
  const storeProblem = (await readKeys('session', [STORE_PROBLEM_KEY]))[STORE_PROBLEM_KEY];
  const base: TabView = {
    origin: state.origin,
    problem: typeof storeProblem === 'string' ? storeProblem : state.problem,
    conversation: null,
    account: null,
    participants: [],
    alerts: [],
    infoNotices: 0,
    standing: 'unverified',
    updatedAt: state.updatedAt,
  };
  if (!state.conversationKey) return base;
  const read = await readConversation(state.conversationKey, getLocal);
  if (read.status !== 'ok') return { ...base, problem: base.problem ?? 'the saved record of this conversation is damaged' };
  const conversation = read.value;
  const keyOf = (id: string) => contactKey(conversation.origin, conversation.account, id);
  const stored = await getLocal(conversation.roster.map((m) => keyOf(m.id)));
  const contacts = new Map<string, ContactRecord>();
  for (const member of conversation.roster) {
    // Shares the store's verdicts: an unchanged contact is not checked again on each open.
    const contact = readWith(stored, keyOf(member.id), ContactRecordSchema);
    if (contact.status === 'ok') contacts.set(member.id, contact.value);
  }
  const open = alertsOfConversation(conversation, await allAlerts()).filter((a) => a.state === 'open');
  return {
    ...base,
    problem: base.problem ?? (read.problems.length > 0 ? 'part of the saved roster of this conversation could not be read' : null),
    conversation: { id: conversation.conversationId, title: conversation.title, kind: conversation.kind },
    account: conversation.account,
    participants: participantRows(conversation, contacts, open),
    ...carriedAlerts(open),
    standing: conversation.level,
  };
}
