// Courier's WebSocket frames: JSON text, one object a frame.
// Client → server: { ref, op, args }.  Server → client: reply | error | state | message.
// Both directions are parsed here into typed values or a typed error; nothing throws.

import * as v from 'valibot';
import { LIMITS } from '../limits';
import { describeIssues } from './primitives';
import { operations, isOpName, type ArgsOf, type OpName } from './operations';
import { storedMessage, viewState, type StoredMessage, type ViewState } from './records';

export type ErrorCode =
  | 'binary-frame'
  | 'frame-too-large'
  | 'body-too-large'
  | 'bad-json'
  | 'bad-frame'
  | 'unknown-op'
  | 'bad-args'
  | 'not-authenticated'
  | 'already-authenticated'
  | 'bad-credentials'
  | 'user-taken'
  | 'unknown-user'
  | 'bad-key'
  | 'bad-signature'
  | 'limit-reached'
  | 'not-found'
  | 'not-a-member'
  | 'already-member'
  | 'conflict'
  | 'bad-envelope'
  | 'internal';

export class CourierError extends Error {
  override name = 'CourierError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly ref: number | null = null,
  ) {
    super(message);
  }
}

const ref = v.pipe(v.number(), v.safeInteger(), v.minValue(0), v.maxValue(2 ** 31));

const requestShape = v.object({
  ref,
  op: v.pipe(v.string(), v.maxLength(64)),
  args: v.record(v.string(), v.unknown()),
});

export type ClientRequest = { [O in OpName]: { ref: number; op: O; args: ArgsOf<O> } }[OpName];

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: CourierError };

function fail<T>(code: ErrorCode, message: string, frameRef: number | null = null): Parsed<T> {
  return { ok: false, error: new CourierError(code, message, frameRef) };
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

/** Size in UTF-8 bytes without allocating them. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4; // a surrogate pair is one code point
      i++;
    } else bytes += 3; // including a lone surrogate, which UTF-8 replaces with U+FFFD
  }
  return bytes;
}

function parseJson(text: string): Parsed<unknown> {
  if (utf8Length(text) > LIMITS.frameBytes) {
    return fail('frame-too-large', `frame is larger than ${LIMITS.frameBytes} bytes`);
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return fail('bad-json', `frame is not JSON: ${(error as Error).message}`);
  }
}

/**
 * Parses a frame a client sent. `text` is null for a binary frame. `admit` runs
 * once the op is known and before its arguments are read, so a connection that
 * may not use an op learns only that.
 */
export function parseClientFrame(text: string | null, admit: (op: OpName) => string | null = () => null): Parsed<ClientRequest> {
  if (text === null) return fail('binary-frame', 'binary frames are not supported; send JSON text');
  const json = parseJson(text);
  if (!json.ok) return json;
  const shape = v.safeParse(requestShape, json.value);
  if (!shape.success) {
    return fail('bad-frame', `expected {ref, op, args}: ${describeIssues(shape.issues)}`, refOf(json.value));
  }
  const { op, args } = shape.output;
  if (!isOpName(op)) return fail('unknown-op', `unknown op ${JSON.stringify(op)}`, shape.output.ref);
  const refusal = admit(op);
  if (refusal !== null) return fail('not-authenticated', refusal, shape.output.ref);
  const parsedArgs = v.safeParse(operations[op].args, args);
  if (!parsedArgs.success) {
    return fail('bad-args', `${op}: ${describeIssues(parsedArgs.issues)}`, shape.output.ref);
  }
  return { ok: true, value: { ref: shape.output.ref, op, args: parsedArgs.output } as ClientRequest };
}

/** The ref of a frame that failed validation, when it has a usable one, so the error can be matched. */
function refOf(value: unknown): number | null {
  if (typeof value !== 'object' || value === null) return null;
  const parsed = v.safeParse(ref, (value as { ref?: unknown }).ref);
  return parsed.success ? parsed.output : null;
}

const serverFrameShape = v.variant('type', [
  v.object({ type: v.literal('reply'), ref, result: v.unknown() }),
  v.object({
    type: v.literal('error'),
    ref: v.nullable(ref),
    code: v.pipe(v.string(), v.maxLength(64)),
    message: v.pipe(v.string(), v.maxLength(2000)),
  }),
  v.object({ type: v.literal('state'), state: viewState }),
  v.object({ type: v.literal('message'), message: storedMessage }),
]);

export type ServerFrame =
  | { type: 'reply'; ref: number; result: unknown }
  | { type: 'error'; ref: number | null; code: string; message: string }
  | { type: 'state'; state: ViewState }
  | { type: 'message'; message: StoredMessage };

/** Parses a frame the server sent (the client trusts the server with nothing, not even the shape). */
export function parseServerFrame(text: string | null): Parsed<ServerFrame> {
  if (text === null) return fail('binary-frame', 'the server sent a binary frame');
  const json = parseJson(text);
  if (!json.ok) return json;
  const parsed = v.safeParse(serverFrameShape, json.value);
  if (!parsed.success) return fail('bad-frame', `malformed server frame: ${describeIssues(parsed.issues)}`);
  return { ok: true, value: parsed.output };
}

/** Checks a reply's result against the op it answers. */
export function parseResult<O extends OpName>(op: O, result: unknown): Parsed<v.InferOutput<(typeof operations)[O]['result']>> {
  const parsed = v.safeParse(operations[op].result, result);
  if (!parsed.success) return fail('bad-frame', `malformed ${op} reply: ${describeIssues(parsed.issues)}`);
  return { ok: true, value: parsed.output };
}

export function encodeRequest<O extends OpName>(frameRef: number, op: O, args: ArgsOf<O>): string {
  return JSON.stringify({ ref: frameRef, op, args });
}
