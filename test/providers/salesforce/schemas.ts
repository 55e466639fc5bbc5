export interface ObjectSchema {
  prefix: string;
  fields: readonly string[];
  externalIds: readonly string[];
  required: readonly string[];
}

const FEEDBACK_FIELDS = [
  'Metric__c', 'Value__c', 'Score__c', 'Bucket__c', 'Touchpoint__c', 'Comment__c', 'Page_Url__c', 'Email__c',
  'Responded_At__c', 'Sentiment__c', 'Site__c', 'User_Id__c', 'Topics__c',
];

/** The sObjects the fake org has, with their fields. */
export const SCHEMAS: Record<string, ObjectSchema> = {
  Feedback__c: { prefix: 'a0B', fields: FEEDBACK_FIELDS, externalIds: ['Feedback_Id__c'], required: ['Metric__c', 'Value__c'] },
  Task: { prefix: '00T', fields: ['Subject', 'Description', 'WhatId', 'WhoId', 'Status', 'Priority', 'OwnerId'], externalIds: ['Feedback_Id__c'], required: [] },
  Case: { prefix: '500', fields: ['Subject', 'Description', 'SuppliedEmail', 'SuppliedName', 'Origin', 'Priority', 'OwnerId', 'Status'], externalIds: ['Feedback_Id__c'], required: [] },
};
