// Small typed helpers over storage.local (the trust store, survives restarts)
// and storage.session (per-tab state, cleared when the browser closes).
import { browser } from './browser';

export type StorageArea = 'local' | 'session';

function area(name: StorageArea) {
  return name === 'local' ? browser.storage.local : browser.storage.session;
}

export async function readKeys(name: StorageArea, keys: string[] | null): Promise<Record<string, unknown>> {
  if (keys !== null && keys.length === 0) return {};
  return area(name).get(keys);
}

export async function writeKeys(name: StorageArea, items: Record<string, unknown>): Promise<void> {
  if (Object.keys(items).length > 0) await area(name).set(items);
}

export async function removeKeys(name: StorageArea, keys: string[]): Promise<void> {
  if (keys.length > 0) await area(name).remove(keys);
}

export async function clearArea(name: StorageArea): Promise<void> {
  await area(name).clear();
}

/** Calls back with the changed keys of one area; returns an unsubscribe function. */
export function onAreaChanged(name: StorageArea, listener: (changedKeys: string[]) => void): () => void {
  const handler = (changes: Record<string, unknown>, areaName: string) => {
    if (areaName === name) listener(Object.keys(changes));
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}

/** One changed key: its new value as stored, or undefined when the key was removed (or the area cleared). */
export interface AreaChange {
  key: string;
  newValue: unknown;
}

/** Calls back with the changes of one area and their new values, so a reader can follow them without reading again. */
export function onAreaValuesChanged(name: StorageArea, listener: (changes: AreaChange[]) => void): () => void {
  const handler = (changes: Record<string, { newValue?: unknown }>, areaName: string) => {
    if (areaName === name) listener(Object.entries(changes).map(([key, change]) => ({ key, newValue: change.newValue })));
  };
  browser.storage.onChanged.addListener(handler);
  return () => browser.storage.onChanged.removeListener(handler);
}
