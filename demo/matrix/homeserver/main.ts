// `npm run homeserver [-- --port N] [-- --server-name NAME]`: runs the
// homeserver until interrupted. Everything is in memory.

import { parseArgs } from '../../server/cli-args';
import { startHomeserver } from './server';

const parseHomeserverArgs = (argv: readonly string[]) =>
  parseArgs(
    argv,
    { port: 8008, host: '127.0.0.1', serverName: 'localhost' },
    {
      '--server-name': (options, value) => {
        if (!value || !/^[A-Za-z0-9.\-:]+$/.test(value)) throw new Error('--server-name wants a server name such as localhost');
        options.serverName = value;
      },
    },
  );

async function main(): Promise<void> {
  const running = await startHomeserver(parseHomeserverArgs(process.argv.slice(2)));
  console.log(`Matrix homeserver "${running.serverName}" at ${running.url}  (admin API: ${running.url}/_admin/attacks)`);
  console.log('State is kept in memory only: stopping the server forgets every account, room and key.');
  const stop = () => void running.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const { code, message } = error as NodeJS.ErrnoException;
  console.error(
    code === 'EADDRINUSE' ? `homeserver: that port is in use (${message}); choose another with --port N` : `homeserver: ${message}`,
  );
  process.exit(1);
});
