// The account of this browser profile, kept in IndexedDB (one per origin, so
// Courier on another port is another, empty store). Secret keys are stored as
// raw bytes: the page has them in memory anyway to encrypt and sign.

import { parseAccount, type Account } from '../core/account';

const DB_NAME = 'courier';
const STORE = 'account';
const KEY = 'current';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB is unavailable'));
  });
}

async function run<T>(mode: IDBTransactionMode, action: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const transaction = db.transaction(STORE, mode);
      const request = action(transaction.objectStore(STORE));
      transaction.oncomplete = () => resolve(request.result);
      transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    });
  } finally {
    db.close();
  }
}

/** The stored account, null when there is none; throws when what is stored is unreadable. */
export async function loadAccount(): Promise<Account | null> {
  const value: unknown = await run('readonly', (store) => store.get(KEY));
  return value === undefined ? null : parseAccount(value);
}

export async function saveAccount(account: Account): Promise<void> {
  await run('readwrite', (store) => store.put(account, KEY));
}

export async function forgetAccount(): Promise<void> {
  await run('readwrite', (store) => store.delete(KEY));
}
