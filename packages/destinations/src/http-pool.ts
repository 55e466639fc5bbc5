import { Agent } from 'undici';

/** One keep-alive pool per process for every outbound call. */
export const httpPool = new Agent({ keepAliveTimeout: 30_000, connections: 64 });
