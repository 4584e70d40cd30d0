// Bounds on what the Matrix verifier will read from one /keys/query response.
// The response comes from the homeserver, the party KeyWatch does not trust, so
// every size that drives work is capped; past a cap the verifier reports a
// problem instead of doing the work. docs/matrix.md lists these with reasons.

/** Users verified from one response (verifyQueriedUsers). Element queries in batches well below this. */
export const MAX_USERS_PER_RESPONSE = 1000;

/** Devices verified per user. Each costs up to two Ed25519 verifications. */
export const MAX_DEVICES_PER_USER = 256;

/** User ids are at most 255 bytes by the spec; device ids get the same bound. */
export const MAX_ID_LENGTH = 255;

/** Key ids are "<algorithm>:<key name>", the name being a device id or a key. */
export const MAX_KEY_ID_LENGTH = 300;

/** Public keys and signatures in unpadded base64 (an Ed25519 signature is 86 characters). */
export const MAX_KEY_TEXT_LENGTH = 128;

/** Entries in a device's or a cross-signing key's `keys` object. */
export const MAX_KEYS_PER_OBJECT = 32;

/** Users under `signatures`, and key ids under each of them. */
export const MAX_SIGNERS = 32;
export const MAX_SIGNATURES_PER_SIGNER = 32;

/** Entries in `algorithms` and `usage`, and the length of each. */
export const MAX_LIST_ENTRIES = 32;
export const MAX_NAME_LENGTH = 128;

/** Limits on the canonical JSON of one signed object (device keys or cross-signing key). */
export const SIGNED_OBJECT_LIMITS = { maxDepth: 16, maxLength: 64 * 1024 };

/** Member events read from one response (a huge room is reported, not silently cut). */
export const MAX_MEMBER_EVENTS = 5000;
