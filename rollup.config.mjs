// Builds @feedloop/widget from the JavaScript that `tsc -b` wrote to packages/widget/lib:
// an ESM bundle for npm and an IIFE for the script tag (window.Feedloop), which also starts itself from the
// script's data attributes. Preact is bundled in both, so the widget never clashes with a host page's own
// Preact or React. The languages other than English are copied beside them as JSON, fetched on demand.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { writeLocales } from './scripts/write-locales.mjs';

// `module` lets terser drop unused top-level names: right for ESM, wrong for the IIFE's `var Feedloop`.
const minify = (module) => terser({ ecma: 2020, module, compress: { passes: 3 }, format: { comments: false } });
const plugins = [nodeResolve({ browser: true })];

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
];
