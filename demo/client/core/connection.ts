// A client's WebSocket to the server: numbered requests matched to their
// replies, pushed frames handed on, and every server frame validated first.
// Works over the browser's WebSocket and over the `ws` package in Node.

import { CourierError, encodeRequest, parseResult, parseServerFrame, type ServerFrame } from '../../shared/wire/frames';
import type { ArgsOf, OpName, ResultOf } from '../../shared/wire/operations';

/** The part of the WebSocket interface this needs (browser WebSocket and ws.WebSocket both have it). */
export interface SocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'error', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
}

export type SocketFactory = (url: string) => SocketLike;

export type PushFrame = Extract<ServerFrame, { type: 'state' | 'message' }>;

interface Pending {
  op: OpName;
  resolve: (result: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

/** The server refused a request; `code` is its error code (docs/courier.md lists them). */
export class ServerError extends Error {
  override name = 'ServerError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class ConnectionClosedError extends Error {
  override name = 'ConnectionClosedError';
  constructor(
    readonly code: number,
    readonly reason: string,
  ) {
    super(`connection closed (${code}${reason ? `: ${reason}` : ''})`);
  }
}

const REQUEST_TIMEOUT_MS = 15_000;
const OPEN = 1;

export class Connection {
  private nextRef = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly pushListeners = new Set<(frame: PushFrame) => void>();
  private readonly problemListeners = new Set<(error: CourierError) => void>();
  private readonly closeListeners = new Set<(error: ConnectionClosedError) => void>();
  private closed: ConnectionClosedError | null = null;

  private constructor(private readonly socket: SocketLike) {
    socket.addEventListener('message', (event) => this.receive(typeof event.data === 'string' ? event.data : null));
    socket.addEventListener('close', (event) => this.shutDown(new ConnectionClosedError(event.code, event.reason)));
  }

  static open(url: string, createSocket: SocketFactory): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = createSocket(url);
      const connection = new Connection(socket);
      let settled = false;
      socket.addEventListener('open', () => {
        settled = true;
        resolve(connection);
      });
      socket.addEventListener('error', () => {
        if (!settled) reject(new Error(`could not connect to ${url}`));
        settled = true;
      });
      connection.onClose((error) => {
        if (!settled) reject(error);
        settled = true;
      });
    });
  }

  get isOpen(): boolean {
    return this.closed === null && this.socket.readyState === OPEN;
  }

  request<O extends OpName>(op: O, args: ArgsOf<O>): Promise<ResultOf<O>> {
    if (this.closed) return Promise.reject(this.closed);
    const ref = this.nextRef++;
    return new Promise<ResultOf<O>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(ref);
        reject(new Error(`${op}: no reply from the server in ${REQUEST_TIMEOUT_MS / 1000} s`));
      }, REQUEST_TIMEOUT_MS);
      this.pending.set(ref, { op, resolve: resolve as (result: unknown) => void, reject, timer });
      this.socket.send(encodeRequest(ref, op, args));
    });
  }

  onPush(listener: (frame: PushFrame) => void): () => void {
    this.pushListeners.add(listener);
    return () => this.pushListeners.delete(listener);
  }

  /** Frames from the server that were malformed: reported, then ignored. */
  onProblem(listener: (error: CourierError) => void): () => void {
    this.problemListeners.add(listener);
    return () => this.problemListeners.delete(listener);
  }

  onClose(listener: (error: ConnectionClosedError) => void): () => void {
    if (this.closed) listener(this.closed);
    else this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): void {
    this.socket.close(1000, 'bye');
    this.shutDown(new ConnectionClosedError(1000, 'closed by the client'));
  }

  private problem(error: CourierError): void {
    for (const listener of this.problemListeners) listener(error);
  }

  private receive(text: string | null): void {
    const parsed = parseServerFrame(text);
    if (!parsed.ok) return this.problem(parsed.error);
    const frame = parsed.value;
    if (frame.type === 'reply' || (frame.type === 'error' && frame.ref !== null)) return this.settle(frame);
    if (frame.type === 'error') return this.problem(new CourierError('bad-frame', `server error: ${frame.code}: ${frame.message}`));
    for (const listener of this.pushListeners) listener(frame);
  }

  private settle(frame: Extract<ServerFrame, { type: 'reply' | 'error' }>): void {
    const pending = this.pending.get(frame.ref!);
    if (!pending) return this.problem(new CourierError('bad-frame', `the server answered request ${frame.ref} that is not waiting`));
    this.pending.delete(frame.ref!);
    clearTimeout(pending.timer);
    if (frame.type === 'error') return pending.reject(new ServerError(frame.code, `${pending.op}: ${frame.message}`));
    const result = parseResult(pending.op, frame.result);
    if (result.ok) pending.resolve(result.value);
    else pending.reject(result.error);
  }

  private shutDown(error: ConnectionClosedError): void {
    if (this.closed) return;
    this.closed = error;
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    this.pending.clear();
    for (const listener of this.closeListeners) listener(error);
    this.closeListeners.clear();
  }
}
