// The alert rules, as a table. Each row says what a rule detects, how loud it
// is, which fields make an alert's identity, and whether firing again after
// the user acknowledged it reopens it (a new occurrence of a change) or not
// (the same condition, already accepted). Rules of stage 'conversation' run
// after the conversation's level is known, because they depend on the others.

import { isEncryptedTo, type RosterSnapshot } from '../../roster';
import { clip, type AlertDraft } from '../alerts/alert-draft';
import type { AlertRule, Severity } from '../alerts/alert-kinds';
import type { CorruptFinding, IngestFacts } from '../ingest/ingest-facts';
import { keyToken } from '../public-keys';

export interface AlertRuleRow {
  rule: AlertRule;
  severity: Severity;
  /** Order among alerts of the same severity, loudest first. */
  rank: number;
  reopens: boolean;
  stage: 'roster' | 'conversation';
  identity: (d: AlertDraft) => string[];
  detect: (facts: IngestFacts) => AlertDraft[];
}

function base(facts: Pick<IngestFacts, 'snapshot'>, rule: AlertRule, fields: Partial<AlertDraft>): AlertDraft {
  const s = facts.snapshot;
  // Spelled out rather than spread: first sight of a large group makes thousands of these.
  return {
    rule,
    origin: s.messenger,
    account: s.account,
    conversationId: s.conversation.id,
    conversationTitle: s.conversation.title,
    contactId: fields.contactId ?? null,
    contactName: fields.contactName ?? null,
    key: fields.key ?? null,
    previousKey: fields.previousKey ?? null,
    deviceId: fields.deviceId ?? null,
    vouch: fields.vouch ?? null,
    detail: fields.detail ?? null,
    recordKey: fields.recordKey ?? null,
    quarantineKey: fields.quarantineKey ?? null,
  };
}

/** Also used for records found damaged after the rules ran (alert records read last). */
export function recordCorruptDrafts(snapshot: RosterSnapshot, findings: readonly CorruptFinding[]): AlertDraft[] {
  return findings.map((c) =>
    base({ snapshot }, 'record-corrupt', { detail: clip(c.reason), recordKey: c.recordKey, quarantineKey: c.quarantineKey }),
  );
}

const contactOf = (d: AlertDraft) => d.contactId ?? '';
const conversationOf = (d: AlertDraft) => d.conversationId ?? '';

function keyChangeRule(rule: 'key-changed' | 'verified-key-changed', rank: number, wasVerified: boolean): AlertRuleRow {
  return {
    rule,
    severity: 'critical',
    rank,
    reopens: true,
    stage: 'roster',
    // The new key, not the old one: a key that flips back and forth reopens the same two alerts.
    identity: (d) => [contactOf(d), keyToken(d.key)],
    detect: (facts) =>
      facts.observations.flatMap(({ participant: p, keyChange }) =>
        keyChange && keyChange.wasVerified === wasVerified
          ? [base(facts, rule, { contactId: p.id, contactName: p.name, key: keyChange.to, previousKey: keyChange.from })]
          : [],
      ),
  };
}

const PROBLEM_LINES_SHOWN = 5;

export const ALERT_RULE_TABLE: readonly AlertRuleRow[] = [
  keyChangeRule('verified-key-changed', 100, true),
  keyChangeRule('key-changed', 90, false),
  {
    rule: 'hidden-participant',
    severity: 'critical',
    rank: 85,
    reopens: false,
    stage: 'roster',
    identity: (d) => [conversationOf(d), contactOf(d)],
    detect: (facts) =>
      facts.snapshot.participants
        .filter((p) => !p.isSelf && !p.shown && isEncryptedTo(p))
        .map((p) => base(facts, 'hidden-participant', { contactId: p.id, contactName: p.name, key: p.identityKey })),
  },
  {
    rule: 'ghost-device',
    severity: 'critical',
    rank: 80,
    reopens: false,
    stage: 'roster',
    // Owner, device, key and verdict: a new key or a different verdict is a new condition.
    identity: (d) => [contactOf(d), d.deviceId ?? '', keyToken(d.key), d.vouch ?? ''],
    detect: (facts) =>
      facts.snapshot.participants.flatMap((p) =>
        p.devices
          .filter((dev) => dev.vouch !== 'signed')
          .map((dev) =>
            base(facts, 'ghost-device', { contactId: p.id, contactName: p.name, deviceId: dev.id, key: dev.key, vouch: dev.vouch }),
          ),
      ),
  },
  {
    rule: 'invalid-identity',
    severity: 'critical',
    rank: 75,
    reopens: false,
    stage: 'roster',
    identity: (d) => [contactOf(d), d.detail ?? ''],
    detect: (facts) =>
      facts.snapshot.participants
        .filter((p) => p.identityKey === null)
        .map((p) =>
          base(facts, 'invalid-identity', {
            contactId: p.id,
            contactName: p.name,
            detail: clip(p.identityProblem ?? 'no identity key was given'),
          }),
        ),
  },
  {
    rule: 'snapshot-problem',
    severity: 'critical',
    rank: 70,
    reopens: false,
    stage: 'roster',
    // One alert per distinct set of problems in a conversation, not one per line:
    // most lines restate a ghost-device or invalid-identity alert.
    identity: (d) => [conversationOf(d), d.detail ?? ''],
    detect: (facts) => {
      const lines = [...new Set(facts.snapshot.problems)].sort();
      if (lines.length === 0) return [];
      const shown = lines.slice(0, PROBLEM_LINES_SHOWN).map((l) => clip(l, 180));
      const more = lines.length > shown.length ? `\n(and ${lines.length - shown.length} more)` : '';
      return [base(facts, 'snapshot-problem', { detail: clip(shown.join('\n') + more) })];
    },
  },
  {
    rule: 'trust-state-invalid',
    severity: 'critical',
    rank: 65,
    reopens: true,
    stage: 'roster',
    identity: (d) => [contactOf(d)],
    detect: (facts) =>
      facts.observations.flatMap(({ participant: p, illegal }) =>
        illegal ? [base(facts, 'trust-state-invalid', { contactId: p.id, contactName: p.name, detail: illegal })] : [],
      ),
  },
  {
    rule: 'conversation-degraded',
    severity: 'warning',
    rank: 60,
    reopens: true,
    stage: 'conversation',
    identity: (d) => [conversationOf(d)],
    detect: (facts) => (facts.degraded ? [base(facts, 'conversation-degraded', {})] : []),
  },
  {
    rule: 'device-added',
    severity: 'warning',
    rank: 50,
    reopens: false,
    stage: 'roster',
    identity: (d) => [contactOf(d), d.deviceId ?? '', keyToken(d.key)],
    // Unvouched new devices are reported by ghost-device, louder; this is the signed kind.
    detect: (facts) =>
      facts.observations.flatMap(({ participant: p, newDevices }) =>
        newDevices
          .filter((dev) => dev.vouch === 'signed')
          .map((dev) =>
            base(facts, 'device-added', { contactId: p.id, contactName: p.name, deviceId: dev.id, key: dev.key, vouch: dev.vouch }),
          ),
      ),
  },
  {
    rule: 'participant-added',
    severity: 'warning',
    rank: 45,
    reopens: true,
    stage: 'roster',
    identity: (d) => [conversationOf(d), contactOf(d)],
    detect: (facts) =>
      facts.diff.added.map((p) => base(facts, 'participant-added', { contactId: p.id, contactName: p.name, key: p.identityKey })),
  },
  {
    rule: 'record-corrupt',
    severity: 'warning',
    rank: 40,
    reopens: false,
    stage: 'roster',
    identity: (d) => [d.recordKey ?? '', d.quarantineKey ?? ''],
    detect: (facts) => recordCorruptDrafts(facts.snapshot, facts.corrupt),
  },
  {
    rule: 'device-removed',
    severity: 'info',
    rank: 20,
    reopens: false,
    stage: 'roster',
    identity: (d) => [contactOf(d), d.deviceId ?? '', keyToken(d.key)],
    detect: (facts) =>
      facts.diff.devicesRemoved.map(({ member, device }) =>
        base(facts, 'device-removed', {
          contactId: member.id,
          contactName: facts.nameOf(member.id),
          deviceId: device.id,
          key: device.key,
          vouch: device.vouch,
        }),
      ),
  },
  {
    rule: 'participant-removed',
    severity: 'info',
    rank: 15,
    reopens: true,
    stage: 'roster',
    identity: (d) => [conversationOf(d), contactOf(d)],
    detect: (facts) =>
      facts.diff.removed.map((m) =>
        base(facts, 'participant-removed', { contactId: m.id, contactName: facts.nameOf(m.id), key: m.identityKey }),
      ),
  },
  {
    rule: 'first-seen',
    severity: 'info',
    rank: 10,
    reopens: false,
    stage: 'roster',
    identity: (d) => [contactOf(d), keyToken(d.key)],
    detect: (facts) =>
      facts.observations.flatMap(({ participant: p, firstKey }) =>
        firstKey ? [base(facts, 'first-seen', { contactId: p.id, contactName: p.name, key: firstKey })] : [],
      ),
  },
];

const BY_RULE = new Map(ALERT_RULE_TABLE.map((row) => [row.rule, row]));

export function ruleRow(rule: AlertRule): AlertRuleRow {
  const row = BY_RULE.get(rule);
  if (!row) throw new Error(`no alert rule named ${rule}`);
  return row;
}

export function detectAlerts(facts: IngestFacts, stage: AlertRuleRow['stage']): AlertDraft[] {
  return ALERT_RULE_TABLE.filter((row) => row.stage === stage).flatMap((row) => row.detect(facts));
}
