// The one import of the browser API. Everything else goes through src/platform.
import browser from 'webextension-polyfill';

export type { Runtime, Tabs } from 'webextension-polyfill';
export { browser };
