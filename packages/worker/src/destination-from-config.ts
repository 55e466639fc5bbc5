import { webhookDestination, type Destination } from '@feedloop/destinations';
import { webhookSecrets, type DestinationConfig } from '@feedloop/runtime';

/** The adapter for one configured destination. */
export function destinationFromConfig(config: DestinationConfig): Destination {
  switch (config.type) {
    case 'webhook':
      return webhookDestination({
        id: config.id,
        url: config.url,
        secrets: webhookSecrets(config),
        allowPrivateNetworks: config.allowPrivateNetworks,
        timeoutMs: config.timeoutMs,
      });
  }
}
