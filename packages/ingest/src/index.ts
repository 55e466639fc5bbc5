export { buildApp, feedloopIngest, type BuildAppOptions, type IngestOptions } from './build-app.js';
export { readEvents, type ReadEvents, type Rejection, type Warning } from './read-events.js';
export { correctedTimestamp } from './skew.js';
