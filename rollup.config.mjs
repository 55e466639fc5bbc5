// Builds @feedloop/widget from the JavaScript that `tsc -b` wrote to packages/widget/lib:
// an ESM bundle for npm and an IIFE for the script tag (window.Feedloop). Preact is bundled in both,
// so the widget never clashes with a host page's own Preact or React.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

// `module` lets terser drop unused top-level names: right for ESM, wrong for the IIFE's `var Feedloop`.
const minify = (module) => terser({ ecma: 2020, module, compress: { passes: 2 }, format: { comments: false } });

export default {
  input: 'packages/widget/lib/index.js',
  plugins: [nodeResolve({ browser: true })],
  output: [
    { file: 'packages/widget/dist/feedloop.mjs', format: 'es', plugins: [minify(true)] },
    { file: 'packages/widget/dist/feedloop.iife.js', format: 'iife', name: 'Feedloop', exports: 'named', plugins: [minify(false)] },
  ],
};
