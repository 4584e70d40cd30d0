// Accessibility checks in real browsers: axe-core injected into a page (as a
// string evaluated by the test driver, so the page's policy is not involved)
// and run on the whole document; and each page's load time, navigation start
// to content shown, as the page itself marks it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { curve25519Pair, type ParticipantSpec } from '../../src/adapters/page-protocol/testing/test-fixture';
import type { TestPage } from '../harness';
import { repoRoot } from '../harness/paths';

const axeSource = readFileSync(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** A third person whose second device is not signed by her: a critical "possible ghost device" alert. */
export const carol: ParticipantSpec = {
  id: 'carol',
  name: 'Carol',
  identity: curve25519Pair('a11y/carol'),
  devices: [
    { id: 'd1', key: curve25519Pair('a11y/carol/d1') },
    { id: 'd2', key: curve25519Pair('a11y/carol/d2'), signer: null },
  ],
};

export interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe's violations on the page as it is now (WCAG 2.2 A and AA, and best practices). */
export async function axeViolations(page: TestPage): Promise<Violation[]> {
  const loaded = await page.evaluate((() => typeof (globalThis as any).axe === 'object') as () => boolean, undefined);
  if (!loaded) await page.evaluate(`${axeSource}\n;void 0` as unknown as () => void, undefined);
  return page.evaluate(async () => {
    const results = await (globalThis as any).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
      resultTypes: ['violations'],
    });
    return results.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes
        .slice(0, 5)
        .map((n: any) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').split('\n').slice(1).join(' ').slice(0, 200)}`),
    }));
  }, undefined);
}

export function describeViolations(where: string, violations: Violation[]): string {
  return violations.map((v) => `${where}: ${v.id} (${v.impact}) ${v.help}\n    ${v.targets.join('\n    ')}`).join('\n');
}

/** The theme the page really renders in (the body's background), to prove the emulation took effect. */
export async function renderedScheme(page: TestPage): Promise<'light' | 'dark'> {
  const rgb = await page.evaluate(() => getComputedStyle(document.body).backgroundColor, undefined);
  const [r = 255, g = 255, b = 255] = (rgb.match(/\d+/g) ?? []).map(Number);
  return r + g + b < 3 * 128 ? 'dark' : 'light';
}

/**
 * Milliseconds from navigation start to the page's own "content shown" mark (for
 * a static page, the end of DOMContentLoaded: its module script has rendered by
 * then), and to its first contentful paint when the browser reports one.
 */
export async function loadTimes(
  page: TestPage,
  mark: string | null,
): Promise<{ contentShown: number; firstContentfulPaint: number | null }> {
  return page.waitFor(
    `${mark ?? 'the page'} to be shown`,
    (name) => {
      const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined;
      const shown = name ? performance.getEntriesByName(name)[0]?.startTime : navigation?.domContentLoadedEventEnd || undefined;
      const paint = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
      return shown === undefined
        ? null
        : { contentShown: Math.round(shown), firstContentfulPaint: paint === undefined ? null : Math.round(paint) };
    },
    mark,
    20_000,
  );
}

/** Writes the measurements of one run to artifacts/e2e/page-load-<browser>-<scheme>.json. */
export function recordLoadTimes(artifacts: string, name: string, entries: Array<Record<string, unknown>>): void {
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(join(artifacts, `page-load-${name}.json`), `${JSON.stringify(entries, null, 1)}\n`);
}
