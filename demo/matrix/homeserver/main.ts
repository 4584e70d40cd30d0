// `npm run homeserver [-- --port N] [-- --server-name NAME]`: runs the
// homeserver until interrupted. Everything is in memory.

import { startHomeserver } from './server';

function parseArgs(argv: readonly string[]): { port: number; host: string; serverName: string } {
  const options = { port: 8008, host: '127.0.0.1', serverName: 'localhost' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (flag === '--port') {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port wants a number from 0 to 65535, not ${value}`);
      options.port = port;
    } else if (flag === '--host') {
      if (!value) throw new Error('--host wants 127.0.0.1, localhost or ::1');
      options.host = value;
    } else if (flag === '--server-name') {
      if (!value || !/^[A-Za-z0-9.\-:]+$/.test(value)) throw new Error('--server-name wants a server name such as localhost');
      options.serverName = value;
    } else {
      throw new Error(`unknown option ${arg} (use --port N, --host H, --server-name NAME)`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const running = await startHomeserver(parseArgs(process.argv.slice(2)));
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
