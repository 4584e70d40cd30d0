// Turns the one manifest template into a browser's manifest: keys prefixed
// `__chrome__` or `__firefox__` are kept (without the prefix) for that browser
// and dropped for the other, at any depth. Unprefixed keys go to both.

export type TargetBrowser = 'chrome' | 'firefox';
const PREFIX = /^__(chrome|firefox)__(.+)$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export function manifestFor(template: Json, browser: TargetBrowser): Json {
  if (Array.isArray(template)) return template.map((item) => manifestFor(item, browser));
  if (template === null || typeof template !== 'object') return template;
  const out: { [key: string]: Json } = {};
  for (const [rawKey, value] of Object.entries(template)) {
    const match = PREFIX.exec(rawKey);
    if (match && match[1] !== browser) continue;
    const key = match ? match[2]! : rawKey;
    if (key in out) throw new Error(`manifest template: "${key}" is given twice for ${browser}`);
    out[key] = manifestFor(value, browser);
  }
  return out;
}
