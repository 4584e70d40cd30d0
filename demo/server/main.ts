// `npm run messenger [-- --port N] [-- --host H]`: runs Courier until interrupted.

import { clientAssets } from './bundle';
import { parseArgs } from './cli-args';
import { startCourier } from './courier';

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  await clientAssets(); // fail now, not on the first page load, if the client does not build
  const courier = await startCourier(options);
  console.log(`Courier is running at ${courier.url}/  (attack console: ${courier.url}/console)`);
  console.log('State is kept in memory only: stopping the server forgets every account and message.');
  const stop = () => {
    void courier.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const { code, message } = error as NodeJS.ErrnoException;
  console.error(code === 'EADDRINUSE' ? `courier: that port is in use (${message}); choose another with --port N` : `courier: ${message}`);
  process.exit(1);
});
