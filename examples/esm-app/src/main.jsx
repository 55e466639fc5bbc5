import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { init } from '@feedloop/widget';
import { App } from './App.jsx';
import './app.css';

// Once, before the first render. init() also defines the <feedloop-rating> custom element.
// The page is served by `feedloop start`, so the ingest API is on the page's own origin.
init({ endpoint: location.origin, siteKey: 'pk_demo_3f9a8c2e71b4' });

createRoot(document.getElementById('root')).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
