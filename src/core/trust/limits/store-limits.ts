// How much of storage.local one site (a page origin) may fill, and all sites
// together. A page chooses its people, conversations and keys freely, so
// without bounds one hostile page fills the disk, makes the records page slow
// and the export too large to import again. Each number, and why, is in the
// limits table of docs/storage.md; a change here is a change there.

const MIB = 1024 * 1024;

export interface StoreLimits {
  /** Contact records of one origin (every account on it together). */
  contacts: number;
  /** Conversation records of one origin (their roster chunks count in its characters). */
  conversations: number;
  /** Alert records of one origin. */
  alerts: number;
  /** Characters of one origin's records, as the records file writes them. */
  chars: number;
  /** Characters of every record of the trust store, every origin and the rest together. */
  totalChars: number;
}

export const STORE_LIMITS: StoreLimits = {
  // A year of heavy use (the year-of-use bench store, one origin) is 4,998
  // contacts, 50 conversations and about 20,000 alerts; 25.4 MB before
  // retention compacts old notices, about 10 MB after. Each bound is well above
  // it, so only a page filling the store on purpose meets one; and a store at
  // the total still opens on the records page in a few seconds (the records
  // page reads everything, and reading is what takes the time).
  contacts: 20_000,
  conversations: 2_000,
  alerts: 40_000,
  chars: 20 * MIB,
  // Well inside the import limit (64 MiB of text): a full store exports as a file that imports again.
  totalChars: 24 * MIB,
};
