// Command-line options of the demo servers (`npm run messenger`, `npm run homeserver`):
// --port and --host for each, plus any flags of a server's own.

/** A server's own flag: takes its value (from `--flag value` or `--flag=value`) into the options, or throws why not. */
export type ExtraFlag<T> = (options: T, value: string | undefined) => void;

export function parseArgs(argv: readonly string[]): { port: number; host: string };
export function parseArgs<T extends { port: number; host: string }>(
  argv: readonly string[],
  defaults: T,
  extra: Record<string, ExtraFlag<T>>,
): T;
export function parseArgs<T extends { port: number; host: string }>(
  argv: readonly string[],
  defaults: T = { port: 8480, host: '127.0.0.1' } as T,
  extra: Record<string, ExtraFlag<T>> = {},
): T {
  const options = { ...defaults };
  const usage = ['--port N', '--host H', ...Object.keys(extra).map((flag) => `${flag} VALUE`)].join(', ');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (flag === '--port') {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port wants a number from 0 to 65535, not ${value}`);
      options.port = port;
    } else if (flag === '--host') {
      if (!value) throw new Error('--host wants an address such as 127.0.0.1, localhost or ::1');
      options.host = value;
    } else if (Object.hasOwn(extra, flag)) {
      extra[flag]!(options, value);
    } else {
      throw new Error(`unknown option ${arg} (use ${usage})`);
    }
  }
  return options;
}
