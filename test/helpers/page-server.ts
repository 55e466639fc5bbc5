import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

export const WIDGET_DIST = new URL('../../packages/widget/dist/', import.meta.url).pathname;

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.css': 'text/css' };

export interface Page {
  body: string;
  headers?: Record<string, string>;
}

/** A site's own origin on 127.0.0.1: the pages a test sets, and the built widget under /dist/. */
export interface PageServer {
  origin: string;
  /** Serves `body` at `path`; returns the page's URL. */
  page(path: string, page: Page | string): string;
  close(): Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const pages = new Map<string, Page>();
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://x').pathname;
    const page = pages.get(path);
    if (page) {
      response.writeHead(200, { 'content-type': TYPES['.html']!, ...page.headers }).end(page.body);
      return;
    }
    const file = path.startsWith('/dist/') ? normalize(join(WIDGET_DIST, path.slice('/dist/'.length))) : undefined;
    if (!file?.startsWith(WIDGET_DIST)) {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (body) => response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    page(path, page) {
      pages.set(path, typeof page === 'string' ? { body: page } : page);
      return `${origin}${path}`;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
