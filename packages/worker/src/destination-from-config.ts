import { hubspotDestination, intercomDestination, salesforceDestination, slackDestination, webhookDestination, zendeskDestination, type Destination } from '@feedloop/destinations';
import { webhookSecrets, type DestinationConfig } from '@feedloop/runtime';
import { compileWhen } from './matches-when.js';

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
    case 'hubspot':
      return hubspotDestination({
        id: config.id,
        token: config.token,
        baseUrl: config.baseUrl,
        properties: config.properties,
        notes: config.notes,
        noteIdProperty: config.noteIdProperty,
        dailyResetTimeZone: config.dailyResetTimeZone,
        timeoutMs: config.timeoutMs,
      });
    case 'intercom':
      return intercomDestination({
        id: config.id,
        token: config.token,
        region: config.region,
        baseUrl: config.baseUrl,
        version: config.version,
        eventName: config.eventName,
        identifyBy: config.identifyBy,
        metadata: config.metadata,
        timeoutMs: config.timeoutMs,
      });
    case 'slack':
      return slackDestination({ id: config.id, webhookUrl: config.webhookUrl, dashboardUrl: config.dashboardUrl, timeoutMs: config.timeoutMs });
    case 'zendesk':
      return zendeskDestination(config);
    case 'salesforce':
      return salesforceDestination({
        id: config.id,
        instanceUrl: config.instanceUrl,
        apiVersion: config.apiVersion,
        credentials: config.auth,
        object: config.object,
        externalIdField: config.externalIdField,
        fields: config.fields,
        followUp: {
          kind: config.followUp.kind,
          when: compileWhen(config.followUp.when),
          externalIdField: config.followUp.externalIdField,
          linkField: config.followUp.linkField,
          fields: config.followUp.fields,
        },
        apiUsageThreshold: config.apiUsageThreshold,
        limitWaitMs: config.limitWaitMs,
        timeoutMs: config.timeoutMs,
      });
  }
}
