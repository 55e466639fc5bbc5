import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup, type RollupOptions } from 'rollup';
import { describe, expect, it } from 'vitest';

// What the published widget carries into a host page: only our own code. The minified bundles keep no module ids,
// so this bundles again with the root rollup.config.mjs's own inputs and plugins (in memory, nothing written) and
// reads which modules went in. Like bundle-size.test.ts, it needs `npm run build` first (tsc writes lib/).
const root = fileURLToPath(new URL('../../../', import.meta.url));
const configs = ((await import(new URL('rollup.config.mjs', `file://${root}`).href)) as { default: RollupOptions[] }).default;
const widgetBuilds = configs.filter((c) => typeof c.input === 'string' && c.input.startsWith('packages/widget/'));

/** Our widget's compiled code, and the zod-free entries of @feedloop/schema that are meant for browsers. */
const ALLOWED = [/^packages\/widget\/lib\/[\w/-]+\.js$/, /^packages\/schema\/dist\/(metrics|errors)\.js$/];

async function bundledModules(options: RollupOptions): Promise<string[]> {
  const bundle = await rollup({ ...options, onwarn: () => {} });
  try {
    const { output } = await bundle.generate({ format: 'es' });
    const ids = output.flatMap((chunk) => (chunk.type === 'chunk' ? Object.keys(chunk.modules) : []));
    return ids.map((id) => relative(root, id).split('\\').join('/')).sort();
  } finally {
    await bundle.close();
  }
}

describe('what the widget bundles', () => {
  it('bundles both the npm (ESM) and the script-tag (IIFE) entry', () => {
    expect(widgetBuilds.map((c) => c.input)).toEqual(['packages/widget/lib/index.js', 'packages/widget/lib/auto.js']);
    for (const c of widgetBuilds) expect(existsSync(`${root}${c.input as string}`), `${c.input as string}: run npm run build`).toBe(true);
  });

  for (const build of widgetBuilds) {
    it(`${build.input as string}: only our own code, and no zod, Node built-in, UI library or other package`, async () => {
      const modules = await bundledModules(build);
      expect(modules.length).toBeGreaterThan(10);
      expect(modules).toContain(build.input);
      const foreign = modules.filter((id) => !ALLOWED.some((allowed) => allowed.test(id)));
      expect(foreign).toEqual([]);
      // Said twice, as what a reviewer looks for: nothing from node_modules at all (no zod, no Preact, no polyfill).
      expect(modules.filter((id) => id.includes('node_modules') || id.startsWith('\0'))).toEqual([]);
    });
  }
});
