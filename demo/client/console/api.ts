// The attack API as the operator console calls it (same origin).

export interface ConsoleState {
  users: { id: string; name: string; devices: { id: string }[] }[];
  conversations: {
    id: string;
    kind: string;
    title: string;
    members: string[];
    participants: { user: string; shown: boolean }[];
    messages: number;
  }[];
}

export interface AttackInfo {
  id: string;
  kind: string;
  createdAt: number;
  [detail: string]: unknown;
}

export interface InterceptedInfo {
  conversation: string;
  seq: number;
  sender: { user: string; device: string };
  text: string;
  readAs: { user: string; device: string; source: string };
}

export interface Snapshot {
  state: ConsoleState;
  attacks: AttackInfo[];
  intercepted: InterceptedInfo[];
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    headers: method === 'POST' ? { 'Content-Type': 'application/json' } : {},
    body: method === 'POST' ? JSON.stringify(body ?? {}) : undefined,
  });
  const json = (await response.json()) as T & { error?: { message: string } };
  if (!response.ok) throw new Error(json.error?.message ?? response.statusText);
  return json;
}

export async function fetchSnapshot(): Promise<Snapshot> {
  const [state, { attacks }, { messages }] = await Promise.all([
    call<ConsoleState>('GET', '/attack/state'),
    call<{ attacks: AttackInfo[] }>('GET', '/attack'),
    call<{ messages: InterceptedInfo[] }>('GET', '/attack/intercepted'),
  ]);
  return { state, attacks, intercepted: messages };
}

export function post(path: string, body: Record<string, unknown> = {}): Promise<unknown> {
  return call('POST', path, body);
}
