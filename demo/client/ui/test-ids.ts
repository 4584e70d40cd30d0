// Stable `data-testid` values of the Courier UI, for browser tests.
// Select with `[data-testid="<value>"]`. Renaming one is a breaking change.

export const COURIER_TEST_IDS = {
  signupForm: 'signup-form',
  signupUser: 'signup-user',
  signupName: 'signup-name',
  signupError: 'signup-error',
  linkForm: 'link-form',
  linkCode: 'link-code',
  accountName: 'account-name',
  newChatButton: 'new-chat',
  newChatForm: 'new-chat-form',
  newChatKind: 'new-chat-kind',
  newChatMembers: 'new-chat-members',
  newChatTitle: 'new-chat-title',
  conversationList: 'conversation-list',
  /** Each entry also has data-conversation="<id>". */
  conversationItem: 'conversation-item',
  conversationTitle: 'conversation-title',
  messageList: 'message-list',
  /** Each message also has data-seq and data-status (ok, unverified-sender, not-for-this-device, wrong-device-key, undecryptable). */
  message: 'message',
  composer: 'composer',
  composerInput: 'composer-input',
  sendButton: 'send',
  membersPanel: 'members-panel',
  /** Each shown member also has data-user="<id>". */
  member: 'member',
  /** A key in KeyWatch's printed form (16 groups of four hex digits, two lines). */
  keyPrint: 'key-print',
  connectionStatus: 'connection-status',
  problem: 'problem',
} as const;
