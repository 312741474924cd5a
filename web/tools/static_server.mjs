#!/usr/bin/env node
// A small static file server for the built site (scripts/serve, tests/browser).
// GET and HEAD only, files under the root only, correct MIME types (application/wasm
// lets the browser compile while downloading), no caching so a rebuild shows at once.
//
//   node web/tools/static_server.mjs [ROOT]        PORT (8080) and HOST (127.0.0.1) from the environment
//   import { startStaticServer } from './static_server.mjs'
import { createReadStream, promises as fs } from 'node:fs';
import { createServer } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.otf': 'font/otf',
  '.ttf': 'font/ttf',
};

async function resolveFile(root, urlPath) {
  let relative;
  try {
    relative = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  const file = path.resolve(root, '.' + path.posix.normalize('/' + relative));
  if (file !== root && !file.startsWith(root + path.sep)) return null;  // no way out of the root
  try {
    const stat = await fs.stat(file);
    if (stat.isDirectory()) return resolveFile(root, path.posix.join(relative, 'index.html'));
    return stat.isFile() ? { file, size: stat.size } : null;
  } catch {
    return null;
  }
}

// Resolves with { server, url, port } once listening. port 0 picks a free port.
export function startStaticServer({ root, port = 8080, host = '127.0.0.1', log = false }) {
  const absoluteRoot = path.resolve(root);
  const server = createServer(async (request, response) => {
    const reply = (status, text) => {
      response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(request.method === 'HEAD' ? undefined : text + '\n');
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return reply(405, 'Method not allowed');
    const found = await resolveFile(absoluteRoot, request.url || '/');
    if (log) console.log(`${request.method} ${request.url} ${found ? 200 : 404}`);
    if (!found) return reply(404, 'Not found');
    response.writeHead(200, {
      'Content-Type': MIME_TYPES[path.extname(found.file).toLowerCase()] || 'application/octet-stream',
      'Content-Length': found.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (request.method === 'HEAD') return response.end();
    createReadStream(found.file).pipe(response);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const shownHost = host === '127.0.0.1' || host === '::1' ? 'localhost' : host;
      resolve({ server, url: `http://${shownHost}:${address.port}/`, port: address.port });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] || '.';
  const port = Number(process.env.PORT || 8080);
  const host = process.env.HOST || '127.0.0.1';
  startStaticServer({ root, port, host, log: Boolean(process.env.VERBOSE) })
    .then(({ url }) => console.log(`Serving ${path.resolve(root)} at ${url}  (Ctrl+C stops)`))
    .catch((error) => {
      console.error(`Cannot serve on ${host}:${port}: ${error.message}`);
      process.exit(1);
    });
}
