/**
 * The yardstick: a bare `node:http` server that returns bytes captured from Urbis, with the
 * headers Urbis sent with them (content type and encoding, security headers, cache control…;
 * Node adds `Date`, `Connection`, `Keep-Alive` and we `Content-Length`, as for Urbis), so that
 * both send the same response. Run as a child process by `bench/run.ts`:
 *
 *   node --import tsx bench/bare-server.ts <manifest.json> <port>
 *
 * The manifest lists `{ path, file, headers }`; any other path is a 404. Prints `ready` when
 * it listens on 127.0.0.1.
 */
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';

interface Entry {
  path: string;
  file: string;
  headers: Record<string, string | string[]>;
}

const [manifestFile, portText] = process.argv.slice(2);
if (!manifestFile || !portText) {
  console.error('usage: bare-server.ts <manifest.json> <port>');
  process.exit(2);
}

const pages = new Map<string, { body: Buffer; headers: Record<string, string | string[] | number> }>();
for (const entry of JSON.parse(readFileSync(manifestFile, 'utf8')) as Entry[]) {
  const body = readFileSync(entry.file);
  pages.set(entry.path, { body, headers: { ...entry.headers, 'content-length': body.length } });
}

const server = createServer((request, response) => {
  const page = pages.get(request.url ?? '');
  if (!page) {
    response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return;
  }
  response.writeHead(200, page.headers).end(page.body);
});

server.listen(Number(portText), '127.0.0.1', () => console.log('ready'));
process.once('SIGTERM', () => server.close(() => process.exit(0)));
