/**
 * Record field → Salesforce field API name on the feedback object (docs/destinations/salesforce.md); `null` leaves
 * the field out. Here, below both, because the config (runtime) and the adapter (destinations) must agree.
 */
export const SALESFORCE_FIELD_DEFAULTS = {
  metric: 'Metric__c',
  value: 'Value__c',
  score: 'Score__c',
  bucket: 'Bucket__c',
  touchpoint: 'Touchpoint__c',
  comment: 'Comment__c',
  pageUrl: 'Page_Url__c',
  email: 'Email__c',
  respondedAt: 'Responded_At__c',
  sentiment: 'Sentiment__c',
  site: null,
  userId: null,
  userName: null,
  interactionId: null,
  channel: null,
  agentId: null,
  topics: null,
  country: null,
} as const satisfies Record<string, string | null>;
