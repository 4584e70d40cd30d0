// What each alert says, in plain words: `summary` (what happened) and
// `accepts` (exactly what acknowledging it accepts, and what it does not).
// Names and titles are page text: cleaned first (see display-text).

import type { DeviceVouch } from '../../roster';
import type { AlertDraft } from '../alerts/alert-draft';
import type { AlertRule } from '../alerts/alert-kinds';
import { cleanText, personName, quoted } from '../display-text';
import { shortKey } from '../public-keys';

export interface AlertText {
  summary: string;
  accepts: string;
}

const who = (d: AlertDraft) => personName(d.contactName, d.contactId ?? '');
const where = (d: AlertDraft) => quoted(d.conversationTitle, 'this conversation');
const device = (d: AlertDraft) => `device ${quoted(d.deviceId, '?')} (key ${shortKey(d.key)})`;

const VOUCH_WORDS: { readonly [V in DeviceVouch]: string } = {
  signed: 'is signed by their identity key',
  unsigned: 'is not signed by their identity key',
  'bad-signature': 'carries a signature that does not verify with their identity key',
  'invalid-key': 'has a malformed or unsafe key, so nothing can vouch for it',
};

const problemLines = (detail: string | null) =>
  (detail ?? '')
    .split('\n')
    .map((line) => cleanText(line, '?', 200))
    .join('\n');

const NOTHING_TRUSTED = 'Nothing becomes trusted by dismissing it.';

export const ALERT_TEXT: { readonly [R in AlertRule]: (d: AlertDraft) => AlertText } = {
  'verified-key-changed': (d) => ({
    summary:
      `${who(d)} was verified, but their identity key changed from ${shortKey(d.previousKey)} to ${shortKey(d.key)}. ` +
      `The verified mark is cleared. A new phone or a reinstall does this, and so does someone intercepting the conversation: ` +
      `compare safety numbers with ${who(d)} again before trusting it.`,
    accepts: `Accept ${who(d)}'s new identity key ${shortKey(d.key)} as their key. It will not be marked verified; verify again to restore the mark.`,
  }),
  'key-changed': (d) => ({
    summary:
      `${who(d)}'s identity key changed from ${shortKey(d.previousKey)} to ${shortKey(d.key)}. ` +
      `A new phone or a reinstall does this, and so does someone intercepting the conversation. Compare safety numbers to be sure.`,
    accepts: `Accept ${who(d)}'s new identity key ${shortKey(d.key)} as their key. It will not be marked verified.`,
  }),
  'hidden-participant': (d) => ({
    summary: `Hidden participant: messages in ${where(d)} are encrypted to ${who(d)}, who is not shown as a member.`,
    accepts:
      `Accept that messages in ${where(d)} are encrypted to ${who(d)} without them being shown. ` +
      `KeyWatch will not warn about this again while it stays the same.`,
  }),
  'ghost-device': (d) => ({
    summary:
      `Possible ghost device: ${who(d)}'s ${device(d)} ${VOUCH_WORDS[d.vouch ?? 'unsigned']}. ` +
      `Whoever controls such a device can read what is encrypted to it.`,
    accepts:
      `Accept ${device(d)} as one of ${who(d)}'s devices although their identity key does not vouch for it. ` +
      `KeyWatch will warn again if its key or signature changes.`,
  }),
  'invalid-identity': (d) => ({
    summary: `${who(d)}'s identity key cannot be used: ${cleanText(d.detail ?? '', 'no reason given')}.`,
    accepts: `Dismiss this warning about ${who(d)}'s identity key. ${NOTHING_TRUSTED}`,
  }),
  'snapshot-problem': (d) => ({
    summary: `KeyWatch found problems in what ${where(d)} discloses:\n${problemLines(d.detail)}`,
    accepts: `Dismiss these problem reports for ${where(d)}. ${NOTHING_TRUSTED}`,
  }),
  'trust-state-invalid': (d) => ({
    summary:
      `KeyWatch's saved trust state for ${who(d)} is inconsistent (${d.detail ?? 'no reason given'}). ` +
      `${who(d)} is shown as invalid until you verify their key again.`,
    accepts: `Dismiss this notice. ${who(d)} stays marked invalid until you verify their key.`,
  }),
  'conversation-degraded': (d) => ({
    summary: `Everyone in ${where(d)} was verified; that is no longer so. The other alerts for ${where(d)} say what changed.`,
    accepts: `Accept that ${where(d)} is no longer fully verified. It shows as fully verified again once everyone in it is verified.`,
  }),
  'device-added': (d) => ({
    summary: `${who(d)} has a new ${device(d)}, signed by their identity key.`,
    accepts: `Accept ${device(d)} as one of ${who(d)}'s devices.`,
  }),
  'participant-added': (d) => ({
    summary: `${who(d)} was added to ${where(d)}.`,
    accepts: `Accept ${who(d)} as a member of ${where(d)}. This does not verify their key.`,
  }),
  'record-corrupt': (d) =>
    d.quarantineKey === null
      ? {
          summary:
            `A saved record is missing (${d.detail ?? 'no reason given'}). What it held is treated as unknown: ` +
            `the people it described count as first seen again.`,
          accepts: 'Dismiss this notice. KeyWatch saves that record again from what the page shows next.',
        }
      : {
          summary:
            `A saved record could not be read (${d.detail ?? 'no reason given'}). It was set aside, not deleted, ` +
            `and what it held is treated as unknown: the people it described count as first seen again.`,
          accepts: 'Dismiss this notice. The damaged record stays set aside, exactly as it was found.',
        },
  'device-removed': (d) => ({
    summary: `${who(d)}'s ${device(d)} is no longer listed.`,
    accepts: `Accept that ${device(d)} is no longer one of ${who(d)}'s devices.`,
  }),
  'participant-removed': (d) => ({
    summary: `${who(d)} is no longer a member of ${where(d)}.`,
    accepts: `Accept that ${who(d)} left ${where(d)}.`,
  }),
  'first-seen': (d) => ({
    summary:
      `First time KeyWatch sees ${who(d)}. Their identity key ${shortKey(d.key)} is trusted on first use: ` + `nobody has compared it yet.`,
    accepts: `Keep ${who(d)}'s key ${shortKey(d.key)} as their key (trust on first use). It will not be marked verified.`,
  }),
};

export function alertText(d: AlertDraft): AlertText {
  return ALERT_TEXT[d.rule](d);
}
