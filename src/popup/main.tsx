import '../ui/theme.css';
import './popup.css';
import { render } from 'preact';
import { App } from './App';
import { requestTabViewEarly } from './use-tab-view';
import { applyPageLanguage } from '../ui/page-language';

performance.mark('keywatch:script-start');
requestTabViewEarly();
applyPageLanguage(document.documentElement);
render(<App />, document.getElementById('app')!);
