import { defineConfig } from 'vite';

// No React plugin needed: Vite's built-in Oxc transform compiles the JSX for React's automatic runtime.
// The built files are served at / of `feedloop start --static examples/esm-app/dist`, next to the ingest API.
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: { outDir: 'dist', emptyOutDir: true },
});
