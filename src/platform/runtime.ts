import { browser, type Runtime } from './browser';

export type MessageSender = Runtime.MessageSender;

export function extensionUrl(path: string): string {
  return browser.runtime.getURL(path);
}

/** The extension's own origin with a trailing slash, e.g. chrome-extension://id/ */
export function extensionOrigin(): string {
  return browser.runtime.getURL('');
}

/** Where this build's manifest lets KeyWatch read pages (the store build and the dev build differ here). */
export interface ManifestHosts {
  host_permissions?: string[];
  optional_host_permissions?: string[];
  content_scripts?: Array<{ matches?: string[] }>;
}

export function manifestHosts(): ManifestHosts {
  const { host_permissions, optional_host_permissions, content_scripts } = browser.runtime.getManifest() as ManifestHosts;
  return { host_permissions, optional_host_permissions, content_scripts };
}

export function extensionId(): string {
  return browser.runtime.id;
}

export function sendRuntimeMessage(message: unknown): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

/**
 * Registers a message listener; the handler's promise is the reply. A handler
 * returns undefined (not a promise of it) for a message that is not its own:
 * a listener that returns a promise answers, and in Chrome the first answer
 * from any listener of the tab's frames wins, so a promise of nothing would
 * beat the frame that has the real answer.
 */
export function onRuntimeMessage(handler: (message: unknown, sender: MessageSender) => Promise<unknown> | undefined): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: MessageSender) => handler(message, sender));
}

/** Opens a port to the extension's own background; `onClosed` runs once, when it closes from the other side or cannot open. */
export function connectToBackground(name: string, onClosed: () => void): void {
  const port = browser.runtime.connect({ name });
  port.onDisconnect.addListener(() => onClosed());
}

/** Ports held open, so that none closes while its other end wants it. */
const heldPorts = new Set<Runtime.Port>();

/** Holds every port of this name open until its other end closes it, and closes any other (only the extension's own scripts can open one). */
export function acceptPorts(name: string): void {
  browser.runtime.onConnect.addListener((port) => {
    if (port.name !== name) return port.disconnect();
    heldPorts.add(port);
    port.onDisconnect.addListener(() => heldPorts.delete(port));
  });
}

export function onStartup(listener: () => void): void {
  browser.runtime.onStartup.addListener(listener);
  browser.runtime.onInstalled.addListener(() => listener());
}

/** Why the extension was installed, updated or reloaded: 'install', 'update', 'browser_update' or 'shared_module_update'. */
export function onInstalled(listener: (reason: string) => void): void {
  browser.runtime.onInstalled.addListener((details) => listener(details.reason));
}

export function i18n(key: string, substitutions?: string | string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** Whether the messages hold `key` (in the browser's language or the default one). */
export function hasI18nMessage(key: string): boolean {
  return browser.i18n.getMessage(key) !== '';
}
