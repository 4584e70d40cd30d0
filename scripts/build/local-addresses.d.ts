// Types for local-addresses.js (a plain Node script, also used from TypeScript tests).
export const LOCAL_ADDRESS: RegExp;
export function localAddressesIn(dir: string): string[];
