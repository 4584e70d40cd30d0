// WebSocket close codes Courier uses beyond the standard ones.

/** The connection's device was removed from its account (signed out elsewhere or here). */
export const DEVICE_REMOVED_CODE = 4001;
