// The data-testid values of the test client's UI.

export const MATRIX_CLIENT_TEST_IDS = {
  loginForm: 'login-form',
  loginUser: 'login-user',
  loginPassword: 'login-password',
  account: 'account',
  roomList: 'room-list',
  roomItem: 'room-item',
  roomView: 'room-view',
  roomTitle: 'room-title',
  message: 'message',
  composer: 'composer',
  memberList: 'member-list',
  member: 'member',
} as const;
