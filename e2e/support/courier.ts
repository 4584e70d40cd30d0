// Driving Courier from the e2e suite: a fresh in-process server per test, users
// in browser profiles (with KeyWatch) or in Node (the other side of a chat).
import { COURIER_TEST_IDS as T, inPage, startCourier, type CourierServer } from '../../demo/testing';
import type { ExtensionBrowser, TestPage } from '../harness';

export { applyAttack, createPuppet, createUser, undoAllAttacks } from '../../demo/testing';
export { inPage, startCourier, type CourierServer };

export async function signedInPage(browser: ExtensionBrowser, courier: CourierServer, user: string, name: string): Promise<TestPage> {
  const page = await browser.newPage(`${courier.url}/`);
  await page.evaluate(inPage.signUp, { user, name });
  return page;
}

/** Starts a direct conversation from the page's own form; resolves with its id once the page discloses it. */
export async function startDirectInPage(page: TestPage, other: string): Promise<string> {
  const byTestId = (id: string) => `[data-testid="${id}"]`;
  await page.waitFor('the new-chat button', (sel) => !!document.querySelector(sel), byTestId(T.newChatButton));
  await page.click(byTestId(T.newChatButton));
  await page.waitFor('the new-chat form', (sel) => !!document.querySelector(sel), byTestId(T.newChatMembers));
  await page.fill(byTestId(T.newChatMembers), other);
  await page.click(`${byTestId(T.newChatForm)} button[type="submit"]`);
  return page.waitFor(
    'the new conversation to open',
    () => {
      try {
        const id: unknown = JSON.parse(document.getElementById('keywatch-disclosure')?.textContent ?? 'null')?.conversation?.id;
        return typeof id === 'string' ? id : '';
      } catch {
        return '';
      }
    },
    null,
    15_000,
  );
}

export async function openConversation(page: TestPage, conversationId: string): Promise<void> {
  await page.evaluate(inPage.openConversation, conversationId);
}
