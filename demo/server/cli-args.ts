// Command-line options of `npm run messenger`.

export function parseArgs(argv: readonly string[]): { port: number; host: string } {
  const options = { port: 8480, host: '127.0.0.1' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (flag === '--port') {
      const port = Number(value);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port wants a number from 0 to 65535, not ${value}`);
      options.port = port;
    } else if (flag === '--host') {
      if (!value) throw new Error('--host wants an address');
      options.host = value;
    } else {
      throw new Error(`unknown option ${arg} (use --port N, --host H)`);
    }
  }
  return options;
}
