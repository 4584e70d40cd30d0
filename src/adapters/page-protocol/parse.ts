// Turns the text of a page's disclosure into a validated disclosure, or a short
// reason naming where it is wrong. The text is hostile: its size is checked
// before JSON.parse, and the schema's output holds only known fields (copies, so
// "__proto__" and other extra keys never reach our objects). Never throws.
// Runs in the content script: no crypto here, keys are judged in the background.

import * as v from 'valibot';
import { PAGE_PROTOCOL_LIMITS, PAGE_PROTOCOL_VERSION, unsupportedVersionReason } from './protocol';
import { fastDisclosure } from './fast-shape';
import { disclosureSchema, type SchemaOutput } from './schema';

/** A disclosure that passed every check, with a conversation open. */
export type ValidDisclosure = SchemaOutput & { conversation: NonNullable<SchemaOutput['conversation']> };

export type ParseResult = { ok: true; disclosure: ValidDisclosure } | { ok: false; reason: string };

/** The reason given when the page says no conversation is open (not a fault of the page). */
export const NO_CONVERSATION = 'no conversation open';

export function parseDisclosure(text: unknown): ParseResult {
  try {
    return parseText(text);
  } catch (error) {
    // Nothing above should throw; if it does, refuse rather than crash the caller.
    return refuse(`internal error: ${error instanceof Error ? error.name : 'unknown'}`);
  }
}

function parseText(text: unknown): ParseResult {
  if (typeof text !== 'string') return refuse('text: expected a string');
  const maxLength = PAGE_PROTOCOL_LIMITS.maxTextLength;
  if (text.length > maxLength) return refuse(`text: longer than ${maxLength} characters`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The engine's message quotes the page's text; the reason stays ours.
    return refuse('text: not valid JSON');
  }
  const versionFault = checkVersion(json);
  if (versionFault) return refuse(versionFault);
  // The same rules as plain loops first (fast-shape.ts); the schema itself for anything they do not accept, to name the fault.
  let disclosure = fastDisclosure(json);
  if (disclosure === null) {
    const result = v.safeParse(disclosureSchema, json, { abortEarly: true, abortPipeEarly: true });
    if (!result.success) return refuse(describeIssue(result.issues[0]));
    disclosure = result.output;
  }
  if (disclosure.conversation === null) return refuse(NO_CONVERSATION);
  const fault = findDuplicateId(disclosure) ?? checkAccount(disclosure);
  if (fault) return refuse(fault);
  return { ok: true, disclosure: disclosure as ValidDisclosure };
}

function refuse(reason: string): ParseResult {
  return { ok: false, reason };
}

/** Checked before the schema, so a future version is named as such and not as a shape fault. */
function checkVersion(json: unknown): string | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'disclosure: expected an object';
  if (!Object.hasOwn(json, 'version')) return 'version: missing';
  const version: unknown = (json as { version: unknown }).version;
  // A string "1" would read as version 1 in the refusal: name the type instead.
  if (typeof version !== 'number') return 'version: expected a number';
  return version === PAGE_PROTOCOL_VERSION ? null : unsupportedVersionReason(version);
}

type Issue = v.InferIssue<typeof disclosureSchema>;

/** "participants[3].devices[0].key.key: not canonical base64" */
function describeIssue(issue: Issue | undefined): string {
  if (!issue) return 'disclosure: invalid';
  let path = '';
  for (const item of issue.path ?? []) {
    path += typeof item.key === 'number' ? `[${item.key}]` : `${path ? '.' : ''}${String(item.key)}`;
  }
  const missing = issue.path?.at(-1)?.origin === 'key';
  return `${path || 'disclosure'}: ${missing ? 'missing' : issue.message}`;
}

function findDuplicateId(disclosure: SchemaOutput): string | null {
  // Indexed loops: this runs once per report, mostly before it is optimized, where entries() makes a pair per step.
  const { participants } = disclosure;
  const participantIds = new Set<string>();
  for (let p = 0; p < participants.length; p++) {
    const participant = participants[p]!;
    if (participantIds.has(participant.id)) return `participants[${p}].id: duplicate id`;
    participantIds.add(participant.id);
    const { devices } = participant;
    if (devices.length < 2) continue;
    const deviceIds = new Set<string>();
    for (let d = 0; d < devices.length; d++) {
      if (deviceIds.has(devices[d]!.id)) return `participants[${p}].devices[${d}].id: duplicate id`;
      deviceIds.add(devices[d]!.id);
    }
  }
  return null;
}

function checkAccount(disclosure: SchemaOutput): string | null {
  return disclosure.participants.some((p) => p.id === disclosure.account) ? null : 'account: not among the participants';
}
