// Builds @feedloop/widget from the JavaScript that `tsc -b` wrote to packages/widget/lib:
// an ESM bundle for npm and an IIFE for the script tag (window.Feedloop), which also starts itself from the
// script's data attributes. The widget renders with its own few hundred bytes of DOM code and depends on nothing,
// so it never clashes with a host page's own Preact or React. The languages other than English are copied beside them as JSON, fetched on demand.
// Also the insights dashboard (packages/dashboard, served by ingest at /dashboard): one ES module with Preact in it,
// and its stylesheet copied beside it.
import { copyFile, mkdir } from 'node:fs/promises';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { writeLocales } from './scripts/write-locales.mjs';

// `module` lets terser drop unused top-level names: right for ESM, wrong for the IIFE's `var Feedloop`.
const minify = (module) => terser({ ecma: 2020, module, compress: { passes: 3 }, format: { comments: false } });
const plugins = [nodeResolve({ browser: true })];
const dashboardCss = {
  name: 'dashboard-css',
  async writeBundle() {
    await mkdir('packages/dashboard/dist', { recursive: true });
    await copyFile('packages/dashboard/src/dashboard.css', 'packages/dashboard/dist/dashboard.css');
  },
};

export default [
  {
    input: 'packages/widget/lib/index.js',
    plugins: [...plugins, { name: 'locales', writeBundle: writeLocales }],
    output: { file: 'packages/widget/dist/feedloop.mjs', format: 'es', plugins: [minify(true)] },
  },
  {
    input: 'packages/widget/lib/auto.js',
    plugins,
    output: { file: 'packages/widget/dist/feedloop.iife.js', format: 'iife', name: 'Feedloop', exports: 'named', plugins: [minify(false)] },
  },
  {
    input: 'packages/dashboard/lib/main.js',
    plugins: [...plugins, dashboardCss],
    output: { file: 'packages/dashboard/dist/dashboard.js', format: 'es', plugins: [minify(true)] },
  },
];
