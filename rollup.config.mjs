// Builds @feedloop/widget from the JavaScript that `tsc -b` wrote to packages/widget/lib:
// an ESM bundle for npm and an IIFE for the script tag (window.Feedloop). Preact is bundled in both,
// so the widget never clashes with a host page's own Preact or React.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

const plugins = [
  nodeResolve({ browser: true }),
  terser({ ecma: 2020, module: true, compress: { passes: 2 }, format: { comments: false } }),
];

export default {
  input: 'packages/widget/lib/index.js',
  plugins,
  output: [
    { file: 'packages/widget/dist/feedloop.mjs', format: 'es' },
    { file: 'packages/widget/dist/feedloop.iife.js', format: 'iife', name: 'Feedloop', exports: 'named' },
  ],
};
