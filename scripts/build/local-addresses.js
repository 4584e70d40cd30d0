// Finds local addresses in built files: the store build must name none (no
// content script, host permission or code path for localhost or 127.0.0.1).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const LOCAL_ADDRESS = /localhost|127\.0\.0\.1|\[::1\]/;

/**
 * Every file under `dir` whose bytes name a local address, as "path: match".
 * @param {string} dir
 * @returns {string[]}
 */
export function localAddressesIn(dir) {
  const walk = (d) => readdirSync(d).flatMap((name) => (statSync(join(d, name)).isDirectory() ? walk(join(d, name)) : [join(d, name)]));
  return walk(dir).flatMap((path) => {
    const match = LOCAL_ADDRESS.exec(readFileSync(path).toString('latin1'));
    return match ? [`${relative(dir, path)}: ${match[0]}`] : [];
  });
}
