import '../ui/theme.css';
import './popup.css';
import { render } from 'preact';
import { App } from './App';

performance.mark('keywatch:script-start');
render(<App />, document.getElementById('app')!);
