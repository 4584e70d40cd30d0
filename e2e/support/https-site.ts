// A messenger at an https address that is not local, for the store build (which
// reads no local address): a certificate for one host name, made with openssl for
// this run, and a server on this machine. Firefox is told the name is this
// machine (network.dns.localDomains) and to accept the self-signed certificate.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface HttpsSite {
  /** e.g. https://chat.example.org:43121 */
  origin: string;
  /** Serves `html` at `path` until the site closes; returns its address. */
  publish(path: string, html: string): string;
  /** Firefox preferences that send the host name to this machine. */
  firefoxPrefs: Record<string, string>;
  close(): Promise<void>;
}

function selfSignedCertificate(hostname: string): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), 'keywatch-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=${hostname}`,
        '-addext',
        `subjectAltName=DNS:${hostname}`,
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch (error) {
    throw new Error(`openssl could not make a test certificate (is openssl installed?): ${String(error)}`, { cause: error });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function startHttpsSite(hostname: string): Promise<HttpsSite> {
  const pages = new Map<string, string>();
  const server = createServer(selfSignedCertificate(hostname), (req, res) => {
    const page = pages.get(new URL(req.url ?? '/', 'https://x').pathname);
    if (page === undefined) return void res.writeHead(404).end('not found');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page);
  });
  // Both loopback families: the browser may try either for a name it is told is local.
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '::', ok);
  });
  const origin = `https://${hostname}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    publish(path, html) {
      pages.set(path, html);
      return origin + path;
    },
    firefoxPrefs: { 'network.dns.localDomains': hostname },
    close: () =>
      new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
