/**
 * The dashboard's entry: mounts the app on `#feedloop-dashboard`, whose `data-base` is the path ingest's routes are
 * under ('' by default; the prefix when ingest is mounted inside another server).
 */
import { h, render } from 'preact';
import { App } from './app.js';

const root = document.getElementById('feedloop-dashboard');
if (root) {
  root.textContent = '';
  render(<App base={root.dataset.base ?? ''} />, root);
}
