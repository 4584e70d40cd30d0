// Entry point of the Courier web client.

import { render } from 'preact';
import { ClientController } from './browser/controller';
import { App } from './ui/app';

const controller = new ClientController(document);
render(<App controller={controller} />, document.getElementById('app')!);
void controller.start();
