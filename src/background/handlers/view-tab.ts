import type { Messages } from '../../messages';
import { buildTabView, buildTabViewStart } from '../build-tab-view';
import { currentTabState } from '../tab-document';

type Request<K extends keyof Messages> = Messages[K]['request'];
type Response<K extends keyof Messages> = Messages[K]['response'];

export async function handleViewTab(request: Request<'view/tab'>): Promise<Response<'view/tab'>> {
  const state = await currentTabState(request.tabId);
  return { ok: true, view: state ? await buildTabView(request.tabId, state) : null };
}

export async function handleViewTabStart(request: Request<'view/tab-start'>): Promise<Response<'view/tab-start'>> {
  const state = await currentTabState(request.tabId);
  return { ok: true, start: state ? await buildTabViewStart(request.tabId, state, request.rows) : null };
}
