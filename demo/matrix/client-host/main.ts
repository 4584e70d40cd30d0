// `npm run matrix-client -- --port N --homeserver http://127.0.0.1:M`: builds
// the test client if needed and serves it until interrupted. Without
// --homeserver it also starts a homeserver of its own (on a free port).

import { startHomeserver } from '../homeserver/server';
import { startMatrixClient } from './server';

function parseArgs(argv: readonly string[]): { port: number; homeserver: string | null } {
  const options = { port: 8080, homeserver: null as string | null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (flag === '--port') {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port wants a number from 0 to 65535, not ${value}`);
      options.port = port;
    } else if (flag === '--homeserver') {
      if (!value || !/^https?:\/\//.test(value)) throw new Error('--homeserver wants a URL such as http://127.0.0.1:8008');
      options.homeserver = value;
    } else {
      throw new Error(`unknown option ${arg} (use --port N, --homeserver URL)`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const homeserver = options.homeserver ? null : await startHomeserver({ port: 0 });
  const homeserverUrl = options.homeserver ?? homeserver!.url;
  const client = await startMatrixClient({ homeserverUrl, port: options.port });
  if (homeserver) console.log(`Started a homeserver of its own at ${homeserver.url} (in memory)`);
  console.log(`Matrix test client at ${client.url}/  (homeserver ${homeserverUrl})`);
  const stop = () => void Promise.all([client.close(), homeserver?.close()]).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const { code, message } = error as NodeJS.ErrnoException;
  console.error(
    code === 'EADDRINUSE' ? `matrix-client: that port is in use (${message}); choose another with --port N` : `matrix-client: ${message}`,
  );
  process.exit(1);
});
