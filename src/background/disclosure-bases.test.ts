import { beforeEach, describe, expect, it } from 'vitest';
import type { DisclosureChange, Messages } from '../messages';
import { textDigest } from '../core/text-digest';
import { disclosureText, forgetAllDisclosureBases, forgetDisclosureBase, MAX_HELD_CHARS } from './disclosure-bases';

type Request = Messages['page/disclosure']['request'];

const DOC = 'a'.repeat(32);
const OTHER_DOC = 'b'.repeat(32);
const TAB = 7;

const whole = (text: string, seq?: number): Request => ({ adapter: 'page-protocol', text, skipped: 0, seq });
const change = (base: { seq: number; digest: string }, edit: Omit<DisclosureChange, 'base'>, seq: number): Request => ({
  adapter: 'page-protocol',
  text: { base, ...edit },
  skipped: 0,
  seq,
});

/** The base '0123456789' held for TAB/DOC as seq 1. */
async function holdBase(text = '0123456789') {
  const taken = await disclosureText(TAB, DOC, whole(text, 1));
  if (!('text' in taken) || !taken.held) throw new Error('not held');
  return taken.held;
}

const replaceMiddle = { keepStart: 3, keepEnd: 3, middle: 'XY', length: 8 };

describe('disclosure bases', () => {
  beforeEach(() => forgetAllDisclosureBases());

  it('take a whole text as it came and hold it under the sender’s number and its digest', async () => {
    const taken = await disclosureText(TAB, DOC, whole('0123456789', 1));
    expect(taken).toEqual({ text: '0123456789', held: { seq: 1, digest: await textDigest('0123456789') } });
  });

  it('rebuild a change against the held text and hold the result', async () => {
    const base = await holdBase();
    const taken = await disclosureText(TAB, DOC, change(base, replaceMiddle, 2));
    expect(taken).toEqual({ text: '012XY789', held: { seq: 2, digest: await textDigest('012XY789') } });
    // The next change builds on the new text, not the old one.
    const next = await disclosureText(
      TAB,
      DOC,
      change({ seq: 2, digest: await textDigest('012XY789') }, { keepStart: 8, keepEnd: 0, middle: '!', length: 9 }, 3),
    );
    expect(next).toMatchObject({ text: '012XY789!' });
  });

  it('ask for the whole text after the worker stopped (memory lost)', async () => {
    const base = await holdBase();
    forgetAllDisclosureBases();
    expect(await disclosureText(TAB, DOC, change(base, replaceMiddle, 2))).toMatchObject({ ok: false, needsWhole: true });
  });

  it('ask for the whole text when the change names a text of another document, tab, number or digest', async () => {
    const base = await holdBase();
    expect(await disclosureText(TAB, OTHER_DOC, change(base, replaceMiddle, 2))).toMatchObject({ needsWhole: true });
    await holdBase();
    expect(await disclosureText(TAB, null, change(base, replaceMiddle, 2))).toMatchObject({ needsWhole: true });
    await holdBase();
    expect(await disclosureText(TAB + 1, DOC, change(base, replaceMiddle, 2))).toMatchObject({ needsWhole: true });
    await holdBase();
    // A stale base: the sender builds on seq 1 while the background holds seq 2.
    await disclosureText(TAB, DOC, whole('abcdefghij', 2));
    expect(await disclosureText(TAB, DOC, change(base, replaceMiddle, 3))).toMatchObject({ needsWhole: true });
    await holdBase();
    const wrongDigest = { seq: 1, digest: await textDigest('0123456788') };
    expect(await disclosureText(TAB, DOC, change(wrongDigest, replaceMiddle, 2))).toMatchObject({ needsWhole: true });
  });

  it('ask for the whole text when a change does not fit the held text or gives another length', async () => {
    const base = await holdBase();
    expect(await disclosureText(TAB, DOC, change(base, { ...replaceMiddle, keepStart: 8 }, 2))).toMatchObject({ needsWhole: true });
    await holdBase();
    expect(await disclosureText(TAB, DOC, change(base, { ...replaceMiddle, length: 9 }, 2))).toMatchObject({ needsWhole: true });
  });

  it('forget a base once asked for the whole text, so no later change can use it', async () => {
    const base = await holdBase();
    expect(await disclosureText(TAB, OTHER_DOC, change(base, replaceMiddle, 2))).toMatchObject({ needsWhole: true });
    expect(await disclosureText(TAB, DOC, change(base, replaceMiddle, 2))).toMatchObject({ needsWhole: true });
  });

  it('hold nothing for a text sent without a number or without a document', async () => {
    expect(await disclosureText(TAB, DOC, whole('0123456789'))).toEqual({ text: '0123456789', held: undefined });
    expect(await disclosureText(TAB, null, whole('0123456789', 1))).toEqual({ text: '0123456789', held: undefined });
  });

  it('forget a closed tab’s base', async () => {
    const base = await holdBase();
    forgetDisclosureBase(TAB);
    expect(await disclosureText(TAB, DOC, change(base, replaceMiddle, 2))).toMatchObject({ needsWhole: true });
  });

  it('hold at most MAX_HELD_CHARS in all, dropping the least recently sent tab’s base', async () => {
    const big = 'x'.repeat(MAX_HELD_CHARS / 2);
    const held = [];
    for (const tab of [1, 2, 3]) {
      const taken = await disclosureText(tab, DOC, whole(big + tab, 1));
      if (!('text' in taken) || !taken.held) throw new Error('not held');
      held.push(taken.held);
    }
    const append = { keepStart: big.length + 1, keepEnd: 0, middle: '!', length: big.length + 2 };
    expect(await disclosureText(1, DOC, change(held[0]!, append, 2))).toMatchObject({ needsWhole: true });
    expect(await disclosureText(3, DOC, change(held[2]!, append, 2))).toMatchObject({ text: `${big}3!` });
  });
});
