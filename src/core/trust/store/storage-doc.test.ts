// docs/storage.md must describe every record field, trust state and alert rule
// the code has: this test fails when one is added without its documentation.

import { readFileSync } from 'node:fs';
import type * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ALERT_KINDS, RULES } from '../rules';
import {
  AlertRecordSchema,
  ContactRecordSchema,
  ConversationRecordSchema,
  QuarantineRecordSchema,
  RosterChunkMemberSchema,
  RosterChunkRecordSchema,
  SchemaRecordSchema,
} from './record-schemas';
import { TRUST_STATES } from '../trust-machine';

const doc = readFileSync(new URL('../../../../docs/storage.md', import.meta.url), 'utf8');

function fieldsOf(schema: v.GenericSchema): string[] {
  const s = schema as unknown as { entries?: Record<string, unknown>; pipe?: { entries?: Record<string, unknown> }[] };
  const entries = s.entries ?? s.pipe?.[0]?.entries;
  if (!entries) throw new Error('not an object schema');
  return Object.keys(entries);
}

describe('docs/storage.md', () => {
  it.each([
    ['schema', SchemaRecordSchema],
    ['contact', ContactRecordSchema],
    ['conversation', ConversationRecordSchema],
    ['roster chunk', RosterChunkRecordSchema],
    ['roster member', RosterChunkMemberSchema],
    ['alert', AlertRecordSchema],
    ['quarantine', QuarantineRecordSchema],
  ])('describes every field of the %s record', (_, schema) => {
    const fields = fieldsOf(schema as v.GenericSchema);
    expect(fields.length).toBeGreaterThan(0);
    for (const field of fields) expect(doc).toContain(`\`${field}\``);
  });

  it('describes every trust state and every alert rule with its severity', () => {
    for (const state of TRUST_STATES) expect(doc).toMatch(new RegExp(`^\\| \`${state}\` \\|`, 'm'));
    for (const kind of ALERT_KINDS) expect(doc).toMatch(new RegExp(`^\\| \`${kind}\` \\| ${RULES[kind].severity}`, 'm'));
  });
});
