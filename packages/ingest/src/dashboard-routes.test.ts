import Fastify from 'fastify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DASHBOARD_CSP, dashboardRoutes } from './dashboard-routes.js';

// Needs the built dashboard (npm run build), as the widget route tests need the built widget.
async function serve(prefix = '') {
  const app = Fastify();
  await app.register(async (scope) => dashboardRoutes(scope), { prefix });
  await app.ready();
  return app;
}

afterEach(() => {
  vi.doUnmock('node:fs');
  vi.resetModules();
});

describe('GET /dashboard', () => {
  it('answers an HTML shell under a strict CSP, with no inline script or style and nothing from elsewhere', async () => {
    const app = await serve();
    const page = await app.inject('/dashboard');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers).toMatchObject({
      'content-security-policy': DASHBOARD_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    expect(DASHBOARD_CSP).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    const html = page.body;
    expect(html).toMatch(/<script type="module" src="\/dashboard\/app\.js\?v=[\w-]{8}"><\/script>/);
    expect(html).toMatch(/<link rel="stylesheet" href="\/dashboard\/app\.css\?v=[\w-]{8}">/);
    // Every script has a src; no <style>, no style="", no on…= handler; every URL on this origin (or data:).
    expect(html.match(/<script\b[^>]*>/g)).toEqual([expect.stringContaining(' src="/dashboard/app.js')]);
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=|https?:\/\//i);
    expect(html).toContain('<div id="feedloop-dashboard" data-base="">');
    await app.close();
  });

  it('serves the script and stylesheet with an ETag, 304 when unchanged', async () => {
    const app = await serve();
    for (const [url, type] of [['/dashboard/app.js', 'text/javascript; charset=utf-8'], ['/dashboard/app.css', 'text/css; charset=utf-8']] as const) {
      const first = await app.inject(url);
      expect(first.statusCode).toBe(200);
      expect(first.headers['content-type']).toBe(type);
      expect(first.headers['x-content-type-options']).toBe('nosniff');
      const etag = first.headers.etag as string;
      expect(etag).toMatch(/^"[\w-]{22}"$/);
      expect((await app.inject({ url, headers: { 'if-none-match': etag } })).statusCode).toBe(304);
    }
    expect((await app.inject('/dashboard/app.js')).body).toContain('feedloop-dashboard');
    expect((await app.inject('/dashboard/../package.json')).statusCode).toBe(404);
    await app.close();
  });

  it('puts the page, its files and its API calls under the prefix ingest is mounted at', async () => {
    const app = await serve('/feedback');
    const html = (await app.inject('/feedback/dashboard')).body;
    expect(html).toContain('src="/feedback/dashboard/app.js?v=');
    expect(html).toContain('href="/feedback/dashboard/app.css?v=');
    expect(html).toContain('data-base="/feedback"');
    expect((await app.inject('/feedback/dashboard/app.css')).statusCode).toBe(200);
    await app.close();
  });

  it('answers 404 in the registry shape when the dashboard is not built', async () => {
    vi.resetModules();
    vi.doMock('node:fs', async (importOriginal) => {
      const fs = await importOriginal<typeof import('node:fs')>();
      const readFileSync = ((path: Parameters<typeof fs.readFileSync>[0], ...rest: unknown[]) => {
        if (String(path).includes('/dashboard/dist/')) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
        return (fs.readFileSync as (...args: unknown[]) => unknown)(path, ...rest);
      }) as typeof fs.readFileSync;
      return { ...fs, default: { ...fs, readFileSync }, readFileSync };
    });
    const { dashboardRoutes: unbuilt } = await import('./dashboard-routes.js');
    const app = Fastify();
    unbuilt(app);
    for (const url of ['/dashboard', '/dashboard/app.js', '/dashboard/app.css']) {
      const answer = await app.inject(url);
      expect(answer.statusCode, url).toBe(404);
      expect(answer.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No such route.' } });
    }
    await app.close();
  });
});
