// A minimal static file server: serves a built site (dist/ or a temporary build) under a URL subpath
// (e.g. /workshop/rp/) on 127.0.0.1, as a static host would, with optional extra headers (a CSP).
// Used by the e2e tests and by `npm run bench` (P2, P3).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

/** The strict policy the site must run under: no inline script or style, WASM allowed. */
export const SITE_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * Serves `root` at `http://127.0.0.1:<port><subpath>`, plus `extra` files (name under the subpath →
 * content) as if they lay beside the site's; returns the server and its base URL.
 */
export function serveStatic(root: string, subpath: string, headers: Record<string, string> = {}, extra: Readonly<Record<string, string>> = {}): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(subpath)) {
      res.writeHead(404).end('outside the site');
      return;
    }
    const name = path.slice(subpath.length);
    if (Object.hasOwn(extra, name)) {
      res.writeHead(200, { 'content-type': TYPES[extname(name)] ?? 'application/octet-stream', ...headers }).end(extra[name]);
      return;
    }
    let file = normalize(join(root, path.slice(subpath.length)));
    if (!file.startsWith(normalize(root))) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', ...headers });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ server, url: `http://127.0.0.1:${port}${subpath}` });
    }),
  );
}
