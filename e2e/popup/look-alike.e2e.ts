// Six people shown as "Bob" in one conversation (the real one, another account
// named Bob, Cyrillic, Cherokee and small-capital look-alikes, and a name spelt
// with a right-to-left override) are told apart in the popup: each carries the
// look-alike mark and its stable id, and no page text reorders KeyWatch's own
// words. A name of invisible characters only shows the id instead.
import assert from 'node:assert/strict';
import { openPopupFor, waitForPeople } from '../support/extension';
import { createUser, openConversation, signedInPage, startCourier } from '../support/courier';
import type { E2ETest } from '../test-api';

const RLO = '\u202e';
const BOBS = [
  ['bob', 'Bob'],
  ['bob2', 'Bob'],
  ['bob3', '\u0412\u043eb'], // Cyrillic Ve and o: "Воb"
  ['bob4', `${RLO}boB`], // drawn as "Bob" where the override is obeyed
  ['bob5', '\u13f4ob'], // Cherokee "Ᏼ"
  ['bob6', 'B\u1d0fb'], // Latin small capital o: "Bᴏb"
] as const;
/** A name that shows nothing: the row shows the id in its place. */
const BLANK = ['blank', '\u200b\u200d\u3164\u00ad'] as const;

export const tests: E2ETest[] = [
  {
    name: 'look-alike names: six people shown as Bob are distinguishable in the popup, a blank name shows the id, and an override reverses nothing',
    async run({ pool }) {
      const courier = await startCourier({ port: 0 });
      const sessions = [];
      try {
        for (const [id, name] of [...BOBS, BLANK]) sessions.push(await createUser(courier.url, id, name));
        const browser = await pool.launch('alice');
        const page = await signedInPage(browser, courier, 'alice', 'Alice');
        const chat = await sessions[0]!.createGroup('Plans', ['alice', ...BOBS.slice(1).map(([id]) => id), BLANK[0]]);
        await openConversation(page, chat);
        const popup = await openPopupFor(browser, page.url());
        await waitForPeople(popup, BOBS.length + 2);

        const rows = await popup.evaluate(
          () =>
            [...document.querySelectorAll('[data-testid="participant"]')].map((row) => ({
              id: row.getAttribute('data-id'),
              mark: row.querySelector('[data-testid="look-alike"]')?.getAttribute('data-reason') ?? null,
              text: (row as HTMLElement).innerText,
            })),
          null,
        );
        const byId = new Map(rows.map((row) => [row.id, row]));
        assert.equal(byId.get('alice')?.mark, null, 'the account holder has no look-alike');
        for (const [id] of BOBS) {
          const row = byId.get(id);
          assert.ok(row?.mark, `${id} is marked as a look-alike: ${JSON.stringify(row)}`);
          assert.ok(row.text.includes(id), `${id}'s row shows the id: ${JSON.stringify(row.text)}`);
        }
        assert.equal(byId.get('bob4')?.mark, 'direction-controls');
        const texts = BOBS.map(([id]) => byId.get(id)!.text);
        assert.equal(new Set(texts).size, BOBS.length, `rows that read differently: ${JSON.stringify(texts)}`);
        assert.ok(
          byId.get(BLANK[0])?.text.includes(BLANK[0]),
          `a name that shows nothing is replaced by the id: ${JSON.stringify(byId.get(BLANK[0]))}`,
        );

        // No override survives outside an isolate anywhere in the popup, so no sentence is reversed.
        const loose = await popup.evaluate((rlo) => {
          const text = document.body.innerText.replace(/\u2068[^\u2069]*\u2069/g, '');
          return text.includes(rlo);
        }, RLO);
        assert.equal(loose, false, 'the popup shows no unisolated right-to-left override');
        const name = await popup.evaluate(
          () => document.querySelector('[data-testid="participant"][data-id="bob4"] .name')?.textContent ?? '',
          null,
        );
        assert.equal(name, 'boB', 'the name is shown as its letters, without the override');
      } finally {
        for (const session of sessions) session.close();
        await courier.close();
      }
    },
  },
];
