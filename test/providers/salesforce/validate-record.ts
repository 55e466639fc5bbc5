import { SCHEMAS } from './schemas.js';

export interface RecordError {
  statusCode: string;
  message: string;
  fields?: string[];
}

/** Field checks as Salesforce does them for one record; undefined when valid. `exists` tells whether an id is a record. */
export function validateRecord(object: string, fields: Record<string, unknown>, creating: boolean, exists: (id: string) => boolean): RecordError | undefined {
  const schema = SCHEMAS[object]!;
  for (const [name, value] of Object.entries(fields)) {
    if (name === 'attributes') continue;
    if (!schema.fields.includes(name) && !schema.externalIds.includes(name)) {
      return { statusCode: 'INVALID_FIELD', message: `No such column '${name}' on sobject of type ${object}`, fields: [name] };
    }
    if (value !== null && typeof value === 'object') {
      return { statusCode: 'JSON_PARSER_ERROR', message: `Cannot deserialize instance of ${name} from an object value`, fields: [name] };
    }
    if (typeof value === 'string' && value.length > 255 && !['Comment__c', 'Description'].includes(name)) {
      return { statusCode: 'STRING_TOO_LONG', message: `${name}: data value too large`, fields: [name] };
    }
  }
  if (fields.Email__c !== undefined && !/^[^@\s]+@[^@\s]+$/.test(String(fields.Email__c))) {
    return { statusCode: 'INVALID_EMAIL_ADDRESS', message: `Email: invalid email address: ${String(fields.Email__c)}`, fields: ['Email__c'] };
  }
  if (fields.Value__c !== undefined && typeof fields.Value__c !== 'number') {
    return { statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', message: 'Value: value not of required type', fields: ['Value__c'] };
  }
  if (fields.WhatId !== undefined && !exists(String(fields.WhatId))) {
    return { statusCode: 'FIELD_INTEGRITY_EXCEPTION', message: 'Related To ID: id value of incorrect type', fields: ['WhatId'] };
  }
  if (creating) {
    const missing = schema.required.filter((name) => fields[name] === undefined || fields[name] === null);
    if (missing.length > 0) return { statusCode: 'REQUIRED_FIELD_MISSING', message: `Required fields are missing: [${missing.join(', ')}]`, fields: missing };
  }
  return undefined;
}
