import type { Messages } from '../../messages';
import { readTabState } from '../tab-state';
import { buildTabView } from '../trust-store';

type Request = Messages['view/tab']['request'];
type Response = Messages['view/tab']['response'];

export async function handleViewTab(request: Request): Promise<Response> {
  const state = await readTabState(request.tabId);
  return { ok: true, view: state ? await buildTabView(state) : null };
}
