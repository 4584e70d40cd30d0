import '../ui/theme.css';
import './popup.css';
import { render } from 'preact';
import { App } from './App';
import { requestTabViewEarly } from './use-tab-view';

performance.mark('keywatch:script-start');
requestTabViewEarly();
render(<App />, document.getElementById('app')!);
