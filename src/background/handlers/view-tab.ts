import type { Messages } from '../../messages';
import { buildTabView } from '../build-tab-view';
import { readTabState } from '../tab-state';

type Request = Messages['view/tab']['request'];
type Response = Messages['view/tab']['response'];

export async function handleViewTab(request: Request): Promise<Response> {
  const state = await readTabState(request.tabId);
  return { ok: true, view: state ? await buildTabView(state) : null };
}
