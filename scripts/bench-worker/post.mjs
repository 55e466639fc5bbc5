// The bench's HTTP client for the ingest: one event per POST, as a server-side client sends it, over keep-alive connections.
import { Agent, request } from 'node:http';
import { now } from './clock.mjs';
import { HEADERS } from './events.mjs';

export const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** Resolves with the status, the body, and when the POST was sent and its answer read (`now()` ms). */
export function post(url, body) {
  return new Promise((resolve, reject) => {
    const sent = now();
    const req = request(url, { method: 'POST', agent, headers: { ...HEADERS, 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode, text, sent, answered: now() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Whether the ingest took the event: a 202 that says one was accepted. */
export const wasAccepted = (r) => r.status === 202 && /"accepted":1\b/.test(r.text);
