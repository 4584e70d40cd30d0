// Courier's own limits, shared by the server and the client so both refuse the same things.
// The page protocol has its own, looser limits (src/adapters/page-protocol/protocol.ts).

export const LIMITS = {
  /** A WebSocket frame larger than this gets an error reply and is not parsed. */
  frameBytes: 256 * 1024,
  /** A frame larger than this closes the connection (code 1009): the socket will not buffer it. */
  hardFrameBytes: 1024 * 1024,
  /** Largest HTTP request body (the attack API). */
  httpBodyBytes: 64 * 1024,
  /** Display names, in code points. */
  nameLength: 64,
  /** Group titles, in code points. */
  titleLength: 100,
  /** Message text, in code points. */
  textLength: 4000,
  /** Base64 ciphertext of one message body. */
  ciphertextLength: 32 * 1024,
  /** Members a group may be created with or grow to by honest additions. */
  groupMembers: 50,
  /** Participants of one conversation, hidden ones included. */
  participants: 64,
  /** Devices a user may register. */
  registeredDevicesPerUser: 8,
  /** Devices a user may be listed with, ghost devices included. */
  devicesPerUser: 16,
  /** Recipient devices of one message. */
  recipients: 1024,
  /** Conversations one user may be in. */
  conversationsPerUser: 200,
  /** Messages kept per conversation (older ones are dropped). */
  historyKept: 500,
  /** Messages served by one history request. */
  historyServed: 200,
} as const;

/** User ids: lowercase, chosen at sign-up, shown as @id. */
export const USER_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,31}$/;
/** Server-assigned ids of devices, conversations and attacks. */
export const SERVER_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
/** Client-chosen message ids: 16 random bytes in hex. */
export const MESSAGE_ID_PATTERN = /^[0-9a-f]{32}$/;
