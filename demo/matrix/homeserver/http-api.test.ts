// The homeserver over plain HTTP: its errors, CORS, user-interactive auth,
// long-polling, the two sync state shapes, pagination, and the admin API's
// guards. The real client's use of it is in honest.test.ts and attacks.test.ts.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyAttack, createServerUser, listAttacks, syncedPastNow, undoAllAttacks } from '../testing/admin';
import { register, type Credentials } from '../testing/node-client';
import { startHomeserver, type RunningHomeserver } from './server';

let server: RunningHomeserver;

beforeEach(async () => {
  server = await startHomeserver({ port: 0 });
});

afterEach(async () => {
  await server.close();
});

async function api(method: string, path: string, who: Credentials | null, body?: unknown) {
  const response = await fetch(`${server.url}/_matrix/client/${path}`, {
    method,
    headers: { ...(who ? { Authorization: `Bearer ${who.accessToken}` } : {}), ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: (await response.json().catch(() => null)) as any };
}

const sync = (who: Credentials, query: string) => api('GET', `v3/sync?${query}`, who);
const ENCRYPTED = [{ type: 'm.room.encryption', state_key: '', content: { algorithm: 'm.megolm.v1.aes-sha2' } }];

describe('errors and CORS', () => {
  it('names what it does not implement, with M_UNRECOGNIZED (404, or 405 for a known path)', async () => {
    const unknown = await api('GET', 'v3/rooms/!x:localhost/context/$e', null);
    expect([unknown.status, unknown.json.errcode]).toEqual([404, 'M_UNRECOGNIZED']);
    expect(unknown.json.error).toContain('GET /_matrix/client/v3/rooms/!x:localhost/context/$e');
    const wrongMethod = await api('DELETE', 'v3/sync', null);
    expect([wrongMethod.status, wrongMethod.json.errcode]).toEqual([405, 'M_UNRECOGNIZED']);
  });

  it('answers preflights and every client-server response with the spec CORS headers; the admin API with none', async () => {
    const preflight = await fetch(`${server.url}/_matrix/client/v3/sync`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('X-Requested-With, Content-Type, Authorization');
    const refused = await api('GET', 'v3/account/whoami', null);
    expect([refused.status, refused.json.errcode, refused.headers.get('access-control-allow-origin')]).toEqual([
      401,
      'M_MISSING_TOKEN',
      '*',
    ]);
    const admin = await fetch(`${server.url}/_admin/attacks`);
    expect(admin.headers.get('access-control-allow-origin')).toBeNull();
    const adminPreflight = await fetch(`${server.url}/_admin/attacks/ghost-device`, { method: 'OPTIONS' });
    expect(adminPreflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a request addressed to another host name (DNS rebinding) and an admin request that is not JSON', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve) => {
      request(`${server.url}/_matrix/client/versions`, { headers: { Host: 'evil.example' } }, (res) => resolve(res.statusCode!)).end();
    });
    expect(status).toBe(421);
    const plain = await fetch(`${server.url}/_admin/attacks/ghost-device`, { method: 'POST', body: '{"user":"@a:localhost"}' });
    expect(plain.status).toBe(415);
  });
});

describe('accounts', () => {
  it('user-interactive auth: 401 with flows and a session, a wrong password refused, the right one accepted', async () => {
    const alice = await register(server.url, 'alice', 'secret');
    const master = { user_id: alice.userId, usage: ['master'], keys: { 'ed25519:AAAA': 'AAAA' } };
    const first = await api('POST', 'v3/keys/device_signing/upload', alice, { master_key: master });
    expect(first.status).toBe(401);
    expect(first.json.flows).toEqual([{ stages: ['m.login.password'] }]);
    expect(first.json.errcode).toBeUndefined();
    const auth = (password: string) => ({
      type: 'm.login.password',
      identifier: { type: 'm.id.user', user: alice.userId },
      password,
      session: first.json.session,
    });
    const wrong = await api('POST', 'v3/keys/device_signing/upload', alice, { master_key: master, auth: auth('nope') });
    expect([wrong.status, wrong.json.errcode]).toEqual([401, 'M_FORBIDDEN']);
    const right = await api('POST', 'v3/keys/device_signing/upload', alice, { master_key: master, auth: auth('secret') });
    expect(right.status).toBe(200);
    const query = await api('POST', 'v3/keys/query', alice, { device_keys: { [alice.userId]: [] } });
    expect(query.json.master_keys[alice.userId].keys).toEqual({ 'ed25519:AAAA': 'AAAA' });
  });

  it('refuses a self-signing key its master key did not sign', async () => {
    const alice = await register(server.url, 'alice', 'secret');
    const master = { user_id: alice.userId, usage: ['master'], keys: { 'ed25519:AAAA': 'AAAA' } };
    const selfSigning = { user_id: alice.userId, usage: ['self_signing'], keys: { 'ed25519:BBBB': 'BBBB' } };
    const auth = { type: 'm.login.password', identifier: { type: 'm.id.user', user: alice.userId }, password: 'secret' };
    const refused = await api('POST', 'v3/keys/device_signing/upload', alice, { master_key: master, self_signing_key: selfSigning, auth });
    expect([refused.status, refused.json.errcode]).toEqual([400, 'M_INVALID_SIGNATURE']);
  });
});

describe('sync', () => {
  it('long-polls: a waiting sync returns as soon as something concerns it, and not before', async () => {
    const alice = await register(server.url, 'alice');
    const { json: first } = await sync(alice, 'timeout=0');
    const started = Date.now();
    const waiting = sync(alice, `since=${first.next_batch}&timeout=10000`);
    await new Promise((r) => setTimeout(r, 150));
    const { json: created } = await api('POST', 'v3/createRoom', alice, { name: 'Later' });
    const { json: woken } = await waiting;
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(Object.keys(woken.rooms.join)).toEqual([created.room_id]);
    const { json: quiet } = await sync(alice, `since=${woken.next_batch}&timeout=200`);
    expect(quiet.rooms.join).toEqual({});
  });

  it('with use_state_after the state is the room after the timeline; without it, before; a hidden member follows its channel', async () => {
    const alice = await register(server.url, 'alice');
    const carol = await createServerUser(server.url, { user: 'carol' });
    const dave = await createServerUser(server.url, { user: 'dave' });
    const { json: room } = await api('POST', 'v3/createRoom', alice, { initial_state: ENCRYPTED });
    const since = (await sync(alice, 'timeout=0')).json.next_batch;
    await applyAttack(server.url, { kind: 'hidden-member', room: room.room_id, user: carol.userId, via: 'state_after' });
    await applyAttack(server.url, { kind: 'hidden-member', room: room.room_id, user: dave.userId, via: 'state' });
    const after = (await sync(alice, `since=${since}&org.matrix.msc4222.use_state_after=true`)).json.rooms.join[room.room_id];
    const before = (await sync(alice, `since=${since}`)).json.rooms.join[room.room_id];
    const keys = (events: Array<{ state_key: string }>) => events.map((e) => e.state_key);
    expect(after.state).toBeUndefined();
    expect(keys(after['org.matrix.msc4222.state_after'].events)).toEqual([carol.userId]);
    expect(before['org.matrix.msc4222.state_after']).toBeUndefined();
    expect(keys(before.state.events)).toEqual([dave.userId]);
    expect(after.timeline.events).toEqual([]);
    expect(before.timeline.events).toEqual([]);
    const members = await api('GET', `v3/rooms/${encodeURIComponent(room.room_id)}/members?not_membership=leave`, alice);
    expect(keys(members.json.chunk).sort()).toEqual([alice.userId, carol.userId, dave.userId].sort());
    const past = await api('GET', `v3/rooms/${encodeURIComponent(room.room_id)}/members?at=${since}`, alice);
    expect(keys(past.json.chunk)).toEqual([alice.userId]);
  });

  it('lazy-loaded members: the first sync carries the timeline senders and heroes, with counts for everyone', async () => {
    const alice = await register(server.url, 'alice');
    const others = await Promise.all(Array.from({ length: 12 }, (_, i) => createServerUser(server.url, { user: `m${i}` })));
    const { createRoom } = await import('../testing/admin');
    const made = await createRoom(server.url, { creator: alice.userId, members: others.map((o) => o.userId), messages: 2 });
    const filter = encodeURIComponent(JSON.stringify({ room: { timeline: { limit: 3 }, state: { lazy_load_members: true } } }));
    const joined = (await sync(alice, `filter=${filter}&org.matrix.msc4222.use_state_after=true`)).json.rooms.join[made.roomId];
    expect(joined.summary['m.joined_member_count']).toBe(13);
    expect(joined.summary['m.heroes']).toHaveLength(5);
    const members = joined['org.matrix.msc4222.state_after'].events.filter((e: { type: string }) => e.type === 'm.room.member');
    expect(members.length).toBeLessThan(13);
    expect(joined.timeline.limited).toBe(true);
  });
});

describe('rooms', () => {
  it('pages back through /messages and stops with no end token', async () => {
    const alice = await register(server.url, 'alice');
    const { json: room } = await api('POST', 'v3/createRoom', alice, {});
    for (let i = 0; i < 5; i++)
      await api('PUT', `v3/rooms/${encodeURIComponent(room.room_id)}/send/m.room.message/t${i}`, alice, {
        msgtype: 'm.text',
        body: `m${i}`,
      });
    const seen: string[] = [];
    let from = '';
    for (let page = 0; page < 10; page++) {
      const { json } = await api('GET', `v3/rooms/${encodeURIComponent(room.room_id)}/messages?dir=b&limit=4${from}`, alice);
      seen.push(
        ...json.chunk
          .filter((e: { type: string }) => e.type === 'm.room.message')
          .map((e: { content: { body: string } }) => e.content.body),
      );
      if (!json.end) break;
      from = `&from=${json.end}`;
    }
    expect(seen).toEqual(['m4', 'm3', 'm2', 'm1', 'm0']);
  });

  it("a read receipt reaches the other members' sync as an ephemeral m.receipt", async () => {
    const alice = await register(server.url, 'alice');
    const bob = await register(server.url, 'bob');
    const { json: room } = await api('POST', 'v3/createRoom', alice, { invite: [bob.userId] });
    const id = encodeURIComponent(room.room_id);
    await api('POST', `v3/join/${id}`, bob, {});
    const { json: sent } = await api('PUT', `v3/rooms/${id}/send/m.room.message/t1`, alice, { msgtype: 'm.text', body: 'read me' });
    const since = (await sync(alice, 'timeout=0')).json.next_batch;
    const receipt = await api('POST', `v3/rooms/${id}/receipt/m.read/${encodeURIComponent(sent.event_id)}`, bob, {});
    expect(receipt.status).toBe(200);
    const joined = (await sync(alice, `since=${since}&timeout=0`)).json.rooms.join[room.room_id];
    expect(joined.ephemeral.events).toEqual([
      { type: 'm.receipt', content: { [sent.event_id]: { 'm.read': { [bob.userId]: { ts: expect.any(Number) } } } } },
    ]);
  });

  it('a transaction id sent twice makes one event', async () => {
    const alice = await register(server.url, 'alice');
    const { json: room } = await api('POST', 'v3/createRoom', alice, {});
    const path = `v3/rooms/${encodeURIComponent(room.room_id)}/send/m.room.message/same`;
    const a = await api('PUT', path, alice, { msgtype: 'm.text', body: 'once' });
    const b = await api('PUT', path, alice, { msgtype: 'm.text', body: 'once' });
    expect(a.json.event_id).toBe(b.json.event_id);
  });
});

describe('admin API', () => {
  it('lists the attacks in force and undoes them all', async () => {
    const bob = await createServerUser(server.url, { user: 'bob' });
    await applyAttack(server.url, { kind: 'ghost-device', user: bob.userId });
    await applyAttack(server.url, { kind: 'withhold-device-list', user: bob.userId });
    expect((await listAttacks(server.url)).map((a) => a.kind)).toEqual(['ghost-device', 'withhold-device-list']);
    expect((await undoAllAttacks(server.url)).map((a) => a.kind)).toEqual(['withhold-device-list', 'ghost-device']);
    expect(await listAttacks(server.url)).toEqual([]);
  });

  it('a client that does not sync past a nudge is named with what it last asked for', async () => {
    const alice = await register(server.url, 'alice', 'secret');
    const { json } = await sync(alice, 'timeout=0');
    await expect(syncedPastNow(server.url, alice.userId, alice.deviceId, 100)).rejects.toThrow(
      new RegExp(
        `did not sync past position \\d+ within 100 ms; its last requests: .*GET sync\\?timeout=0 \\d+ ms ago → 200 after \\d+ ms; open from any device: none$`,
      ),
    );
    expect(json.next_batch).toMatch(/^s\d+$/);
  });

  it('refuses bad attack parameters with the reason', async () => {
    await expect(applyAttack(server.url, { kind: 'keys-failures' })).rejects.toThrow(/either user or server/);
    await expect(applyAttack(server.url, { kind: 'ghost-device', user: 'bob' })).rejects.toThrow(/user id/);
    await expect(applyAttack(server.url, { kind: 'ghost-device', user: '@nobody:localhost' })).rejects.toThrow(/unknown user/);
  });
});
