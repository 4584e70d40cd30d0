// Consistency checks on a state frame beyond its shape: a server that names
// users it does not describe, or lists a device twice, is refused, and the
// client keeps the last good state.

import type { ViewState } from '../../shared/wire/records';

function firstDuplicate(values: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const value of values) {
    if (seen.has(value)) return value;
    seen.add(value);
  }
  return null;
}

/** Returns what is wrong with `state` for this device, or null when it is consistent. */
export function stateProblem(state: ViewState, me: { user: string; device: string }): string | null {
  if (state.me.user !== me.user || state.me.device !== me.device) {
    return `state is for @${state.me.user}/${state.me.device}, not this device`;
  }
  const userIds = state.users.map((u) => u.id);
  const duplicateUser = firstDuplicate(userIds);
  if (duplicateUser !== null) return `user @${duplicateUser} is listed twice`;
  if (!userIds.includes(me.user)) return 'state does not describe the signed-in user';
  for (const user of state.users) {
    const duplicateDevice = firstDuplicate(user.devices.map((d) => d.id));
    if (duplicateDevice !== null) return `@${user.id} lists device ${duplicateDevice} twice`;
  }
  const duplicateConversation = firstDuplicate(state.conversations.map((c) => c.id));
  if (duplicateConversation !== null) return `conversation ${duplicateConversation} is listed twice`;
  const known = new Set(userIds);
  for (const conversation of state.conversations) {
    const members = conversation.participants.map((p) => p.user);
    const duplicate = firstDuplicate(members);
    if (duplicate !== null) return `${conversation.id} lists @${duplicate} twice`;
    const unknown = members.find((m) => !known.has(m));
    if (unknown !== undefined) return `${conversation.id} names @${unknown}, who is not described`;
    if (!members.includes(me.user)) return `${conversation.id} does not include the signed-in user`;
  }
  return null;
}
