import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export interface LocalServer {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Ends every connection, hanging requests included, then stops listening. */
  close(): Promise<void>;
}

/** A fake provider on a free loopback port: `handle` gets each request with its whole body, as text. */
export async function listenLocally(handle: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<LocalServer> {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => handle(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
