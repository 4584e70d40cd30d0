// The client against a server that sends garbage: every bad frame is reported
// as a problem and ignored, the last good state stays, and nothing throws.

import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { toBase64 } from '../../../src/core/encoding';
import { generateDeviceKeyPair, generateIdentityKeyPair, signDeviceKey } from '../../shared/crypto/keys';
import { LIMITS } from '../../shared/limits';
import type { ViewState } from '../../shared/wire/records';
import { nodeSocketFactory } from '../../node-socket';
import type { Account } from './account';
import { Connection } from './connection';
import { CourierSession } from './session';

const identity = generateIdentityKeyPair();
const device = generateDeviceKeyPair();
const account: Account = {
  user: 'alice',
  name: 'Alice',
  device: 'd1',
  token: 'A'.repeat(43),
  identitySecret: toBase64(identity.secretKey),
  deviceSecret: toBase64(device.secretKey),
};
const me = {
  id: 'alice',
  name: 'Alice',
  identityKey: toBase64(identity.publicKey),
  devices: [{ id: 'd1', key: toBase64(device.publicKey), signature: toBase64(signDeviceKey(identity.secretKey, device.publicKey)) }],
};

function goodState(conversations: ViewState['conversations'] = []): ViewState {
  return { me: { user: 'alice', device: 'd1' }, users: [me], conversations };
}

let server: WebSocketServer;
let client: WebSocket;
let url: string;
/** Requests the client sent, for the test to answer as it likes. */
let requests: { ref: number; op: string }[];

beforeEach(async () => {
  requests = [];
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  server.on('connection', (socket) => {
    client = socket;
    socket.on('message', (data) => {
      const request = JSON.parse(data.toString()) as { ref: number; op: string };
      requests.push(request);
      if (request.op === 'hello') {
        socket.send(JSON.stringify({ type: 'reply', ref: request.ref, result: { user: 'alice', device: 'd1' } }));
        socket.send(JSON.stringify({ type: 'state', state: goodState() }));
      }
    });
  });
});

afterEach(async () => {
  for (const socket of server.clients) socket.terminate();
  await new Promise((resolve) => server.close(resolve));
});

/** The client's first request for `op`, once it has arrived. */
async function requestFor(op: string): Promise<{ ref: number; op: string }> {
  for (let waited = 0; waited < 5_000; waited += 10) {
    const found = requests.find((r) => r.op === op);
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the client sent no ${op} request`);
}

async function signedIn(): Promise<{ session: CourierSession; problems: string[] }> {
  const session = await CourierSession.resume(await Connection.open(url, nodeSocketFactory), account);
  const problems: string[] = [];
  session.subscribe((event) => event.type === 'problem' && problems.push(event.message));
  return { session, problems };
}

describe('a misbehaving server', () => {
  it('each malformed frame is reported and ignored; the last good state stays', async () => {
    const { session, problems } = await signedIn();
    const stranger = { user: 'mallory', shown: true };
    const badFrames: (string | Buffer)[] = [
      'not json',
      JSON.stringify({ type: 'wat' }),
      JSON.stringify({ type: 'state', state: { me: { user: 'alice', device: 'd1' }, users: [], conversations: [] } }),
      JSON.stringify({
        type: 'state',
        state: goodState([
          { id: 'c-1', kind: 'group', title: 'T', participants: [{ user: 'alice', shown: true }, stranger], lastActivity: 1 },
        ]),
      }),
      JSON.stringify({ type: 'state', state: { ...goodState(), users: [{ ...me, identityKey: 'AAAA' }] } }),
      JSON.stringify({ type: 'state', state: { ...goodState(), users: [me, me] } }),
      JSON.stringify({ type: 'state', state: { ...goodState(), me: { user: 'bob', device: 'd1' }, users: [me, { ...me, id: 'bob' }] } }),
      JSON.stringify({ type: 'reply', ref: 999, result: {} }),
      JSON.stringify({ type: 'message', message: { conversation: 'c-1', seq: 1, sentAt: 0, envelope: { id: 'x' } } }),
      JSON.stringify({ type: 'error', ref: null, code: 'internal', message: 'oops' }),
      'x'.repeat(LIMITS.frameBytes + 1),
      Buffer.from([0xde, 0xad]),
    ];
    for (const frame of badFrames) client.send(frame, { binary: Buffer.isBuffer(frame) });
    await session.until(() => problems.length === badFrames.length, 2_000);
    expect(problems).toEqual([
      expect.stringMatching(/not JSON/),
      expect.stringMatching(/malformed server frame/),
      expect.stringMatching(/does not describe the signed-in user/),
      expect.stringMatching(/names @mallory, who is not described/),
      expect.stringMatching(/identityKey: expected standard padded base64 of 32 bytes/),
      expect.stringMatching(/@alice is listed twice/),
      expect.stringMatching(/not this device/),
      expect.stringMatching(/request 999 that is not waiting/),
      expect.stringMatching(/malformed server frame/),
      expect.stringMatching(/server error: internal: oops/),
      expect.stringMatching(/larger than/),
      expect.stringMatching(/binary/),
    ]);
    expect(session.state).toEqual(goodState());
    expect(session.disclosure(null).participants.map((p) => p.id)).toEqual(['alice']);

    // A good frame after all that is applied as usual.
    const conversation = { id: 'c-2', kind: 'direct' as const, title: '', participants: [{ user: 'alice', shown: true }], lastActivity: 2 };
    client.send(JSON.stringify({ type: 'state', state: goodState([conversation]) }));
    await session.until((s) => s.state.conversations.length === 1, 2_000);
    session.close();
  });

  it('a reply that does not fit its request rejects that request with a clear error', async () => {
    const { session } = await signedIn();
    const pending = session.loadHistory('c-1');
    const request = await requestFor('history');
    client.send(JSON.stringify({ type: 'reply', ref: request.ref, result: { messages: 'none' } }));
    await expect(pending).rejects.toThrow(/malformed history reply: messages/);
    session.close();
  });

  it('a message filed under another conversation, or under one this device is not in, is refused', async () => {
    const { session, problems } = await signedIn();
    const conversation = { id: 'c-1', kind: 'direct' as const, title: '', participants: [{ user: 'alice', shown: true }], lastActivity: 1 };
    client.send(JSON.stringify({ type: 'state', state: goodState([conversation]) }));
    await session.until((s) => s.state.conversations.length === 1, 2_000);

    const sending = session.send('c-1', 'hi');
    const request = (await requestFor('send')) as unknown as { ref: number; args: { envelope: { conversation: string } } };
    client.send(JSON.stringify({ type: 'reply', ref: request.ref, result: { seq: 1 } }));
    expect(await sending).toBe(1);

    const envelope = request.args.envelope; // addressed to c-1
    client.send(JSON.stringify({ type: 'message', message: { conversation: 'c-other', seq: 1, sentAt: 0, envelope } }));
    client.send(
      JSON.stringify({
        type: 'message',
        message: { conversation: 'c-9', seq: 2, sentAt: 0, envelope: { ...envelope, conversation: 'c-9' } },
      }),
    );
    await session.until(() => problems.length === 2, 2_000);
    expect(problems).toEqual([
      expect.stringMatching(/filed under c-other but addressed to c-1/),
      expect.stringMatching(/c-9, a conversation this device is not in/),
    ]);
    expect([session.messagesIn('c-1'), session.messagesIn('c-9')]).toEqual([[], []]);
    session.close();
  });

  it('a server that closes the connection ends the session with a closed event, not an exception', async () => {
    const { session } = await signedIn();
    const closed = new Promise((resolve) => session.subscribe((event) => event.type === 'closed' && resolve(event.error.code)));
    client.close(4000, 'going away');
    expect(await closed).toBe(4000);
    await expect(session.createDirect('bob')).rejects.toThrow(/connection closed/);
  });
});
