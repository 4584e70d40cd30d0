import '../ui/theme.css';
import './options.css';
import { render } from 'preact';
import { Records } from './Records';

render(<Records />, document.getElementById('app')!);
