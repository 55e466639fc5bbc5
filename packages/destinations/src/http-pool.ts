import { Agent } from 'undici';
import { publicOnlyLookup } from './private-address.js';

/** Keep-alive pools shared by every outbound call of the process. */
export const httpPool = new Agent({ keepAliveTimeout: 30_000, connections: 64 });

/** The same, for destinations that may only reach public addresses: the check runs on each connection's own lookup. */
export const publicHttpPool = new Agent({ keepAliveTimeout: 30_000, connections: 64, connect: { lookup: publicOnlyLookup } });
