// A client that sends garbage gets a clear error for each frame, keeps its
// connection where that is possible, and never stops the server serving others.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { LIMITS } from '../shared/limits';
import { connect, createUser, startCourier, type CourierServer, type CourierSession } from '../testing';

interface Reply {
  type: string;
  ref: number | null;
  code?: string;
  message?: string;
}

let courier: CourierServer;

beforeEach(async () => {
  courier = await startCourier({ port: 0 });
});

afterEach(async () => {
  await courier.close();
});

/** A raw socket that records every frame the server sends. */
async function rawSocket(): Promise<{ socket: WebSocket; next: () => Promise<Reply>; closed: Promise<number> }> {
  const socket = new WebSocket(courier.socketUrl);
  const inbox: Reply[] = [];
  const waiting: ((reply: Reply) => void)[] = [];
  socket.on('message', (data) => {
    const reply = JSON.parse(data.toString()) as Reply;
    const waiter = waiting.shift();
    if (waiter) waiter(reply);
    else inbox.push(reply);
  });
  socket.on('error', () => undefined);
  const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const next = () => {
    const queued = inbox.shift();
    return queued ? Promise.resolve(queued) : new Promise<Reply>((resolve) => waiting.push(resolve));
  };
  return { socket, next, closed };
}

describe('malformed frames', () => {
  it('each gets a typed error reply naming the problem, and the connection keeps working', async () => {
    const { socket, next } = await rawSocket();
    const cases: [string | Buffer, Partial<Reply>, RegExp][] = [
      ['{not json', { ref: null, code: 'bad-json' }, /not JSON/],
      ['[1,2,3]', { ref: null, code: 'bad-frame' }, /expected \{ref, op, args\}/],
      ['"hello"', { ref: null, code: 'bad-frame' }, /expected/],
      ['null', { ref: null, code: 'bad-frame' }, /expected/],
      [JSON.stringify({ ref: 'one', op: 'hello', args: {} }), { ref: null, code: 'bad-frame' }, /ref/],
      [JSON.stringify({ ref: 7, op: 42, args: {} }), { ref: 7, code: 'bad-frame' }, /op/],
      [JSON.stringify({ ref: 8, op: 'fly', args: {} }), { ref: 8, code: 'unknown-op' }, /unknown op "fly"/],
      [JSON.stringify({ ref: 9, op: '__proto__', args: {} }), { ref: 9, code: 'unknown-op' }, /unknown op/],
      [JSON.stringify({ ref: 10, op: 'register', args: { user: 'Alice!', name: 'A' } }), { ref: 10, code: 'bad-args' }, /args\.user|user/],
      [
        JSON.stringify({
          ref: 11,
          op: 'register',
          args: { user: 'alice', name: 'A', identityKey: 'AAAA', deviceKey: 1, deviceSignature: null },
        }),
        { ref: 11, code: 'bad-args' },
        /base64|expected/,
      ],
      [JSON.stringify({ ref: 12, op: 'send', args: { envelope: {} } }), { ref: 12, code: 'not-authenticated' }, /hello/],
      [
        JSON.stringify({ ref: 13, op: 'hello', args: { user: 'ghost', device: 'd1', token: 'x'.repeat(43) } }),
        { ref: 13, code: 'bad-credentials' },
        /unknown device/,
      ],
      [Buffer.from([1, 2, 3]), { ref: null, code: 'binary-frame' }, /binary/],
      ['x'.repeat(LIMITS.frameBytes + 1), { ref: null, code: 'frame-too-large' }, /larger than/],
    ];
    for (const [frame, expected, message] of cases) {
      socket.send(frame, { binary: Buffer.isBuffer(frame) });
      const reply = await next();
      const label = String(frame).slice(0, 60);
      expect(reply, label).toMatchObject({ type: 'error', ...expected });
      expect(reply.message, label).toMatch(message);
    }
    // Still the same, working connection.
    socket.send(JSON.stringify({ ref: 99, op: 'fly', args: {} }));
    expect(await next()).toMatchObject({ type: 'error', ref: 99, code: 'unknown-op' });
    socket.close();
  });

  it('a frame over the hard limit closes only that connection (1009); the server keeps serving', async () => {
    const { socket, closed } = await rawSocket();
    socket.send('x'.repeat(LIMITS.hardFrameBytes + 1));
    expect(await closed).toBe(1009);
    const alice = await createUser(courier.url, 'alice');
    expect(alice.state.me.user).toBe('alice');
    alice.close();
    const health = await fetch(`${courier.url}/healthz`);
    expect(health.status).toBe(200);
  });

  it("a flood of garbage from one client does not disturb another client's conversation", async () => {
    const alice = await createUser(courier.url, 'alice');
    const bob = await createUser(courier.url, 'bob');
    const chat = await alice.createDirect('bob');
    const { socket, next } = await rawSocket();
    for (let i = 0; i < 200; i++) socket.send(i % 2 ? '{' : JSON.stringify({ ref: i, op: 'send', args: { envelope: 'x' } }));
    for (let i = 0; i < 200; i++) expect((await next()).type).toBe('error');
    const seq = await alice.send(chat, 'still here');
    await bob.until((s) => s.messagesIn(chat).some((m) => m.seq === seq && m.text === 'still here'));
    socket.close();
    alice.close();
    bob.close();
  });

  it('refuses a socket from another origin, or on another path', async () => {
    const foreign = new WebSocket(courier.socketUrl, { origin: 'http://evil.example' });
    const refused = await new Promise<string>((resolve) => {
      foreign.on('error', (error) => resolve(error.message));
      foreign.on('open', () => resolve('open'));
    });
    expect(refused).toMatch(/403/);
    const wrongPath = new WebSocket(courier.socketUrl.replace('/ws', '/other'));
    expect(await new Promise<string>((resolve) => wrongPath.on('error', (e) => resolve(e.message)))).toMatch(/403/);
  });
});

async function signedInConnection(session: CourierSession) {
  const connection = await connect(courier.url);
  const { user, device, token } = session.account;
  await connection.request('hello', { user, device, token });
  return connection;
}

describe('envelopes the relay refuses', () => {
  it('refuses an envelope that names another sender, a repeated id, or a device listed twice', async () => {
    const alice = await createUser(courier.url, 'alice');
    const bob = await createUser(courier.url, 'bob');
    const chat = await alice.createDirect('bob');
    await alice.send(chat, 'first');
    const sent = courier.relay.directory.conversation(chat).messages[0]!.message.envelope;
    // Second connections for the same devices, to send by hand.
    const asBob = await signedInConnection(bob);
    const asAlice = await signedInConnection(alice);
    // Bob replays Alice's envelope: it names Alice as the sender.
    await expect(asBob.request('send', { envelope: sent })).rejects.toMatchObject({
      code: 'bad-envelope',
      message: expect.stringMatching(/sender/),
    });
    await expect(asAlice.request('send', { envelope: sent })).rejects.toMatchObject({
      code: 'bad-envelope',
      message: expect.stringMatching(/sent already/),
    });
    const doubled = { ...sent, id: 'f'.repeat(32), recipients: [sent.recipients[0]!, sent.recipients[0]!] };
    await expect(asAlice.request('send', { envelope: doubled })).rejects.toMatchObject({
      code: 'bad-envelope',
      message: expect.stringMatching(/twice/),
    });
    for (const c of [asAlice, asBob, alice, bob]) c.close();
  });
});
