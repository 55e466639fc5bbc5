import type { ConsentState, InitOptions, Scalar, User } from './options.js';

/** A question on screen. */
export interface Instance {
  /** Sends the chosen rating as it stands, if there is one and it is not sent yet. */
  release(): void;
  paint(): void;
  unmount(): void;
}

/** The one widget runtime of the page, set by `init()` and emptied by `destroy()`. */
export const state = {
  config: undefined as Readonly<InitOptions> | undefined,
  user: undefined as User | undefined,
  metadata: {} as Record<string, Scalar>,
  consent: 'granted' as ConsentState,
  instances: new Set<Instance>(),
  /** Per event id: the question that wants to hear how sending went. */
  watchers: new Map<string, (outcome: 'sent' | 'retry' | 'failed') => void>(),
  sampled: new Map<string, boolean>(),
};

export const postUrl = (config: InitOptions) =>
  `${config.endpoint.replace(/\/+$/, '')}/v1/events?key=${encodeURIComponent(config.siteKey)}`;
