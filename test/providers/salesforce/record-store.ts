import { SCHEMAS } from './schemas.js';
import { validateRecord, type RecordError } from './validate-record.js';

export interface StoredRecord {
  Id: string;
  fields: Record<string, unknown>;
  writes: number;
}

/** The fake org's records, by object and Salesforce id; writes are validated as Salesforce does. */
export class RecordStore {
  private readonly store = new Map<string, Map<string, StoredRecord>>();
  private nextId = 1;

  table(object: string): Map<string, StoredRecord> {
    let map = this.store.get(object);
    if (!map) this.store.set(object, (map = new Map()));
    return map;
  }

  findByExt(object: string, field: string, value: string): StoredRecord[] {
    return [...this.table(object).values()].filter((record) => record.fields[field] === value);
  }

  findById(id: string): StoredRecord | undefined {
    for (const map of this.store.values()) if (map.has(id)) return map.get(id);
    return undefined;
  }

  /** One upsert by external id; the UpsertResult, or an error. */
  upsert(object: string, field: string, value: string, fields: Record<string, unknown>): { id: string; created: boolean } | RecordError {
    const matches = this.findByExt(object, field, value);
    const { attributes: _attributes, ...values } = fields;
    const error = this.validate(object, values, matches.length === 0);
    if (error) return error;
    if (matches.length > 1) return { statusCode: 'DUPLICATE_EXTERNAL_ID', message: `${field}: more than one record found for external id field: [${value}]`, fields: [field] };
    const existing = matches[0];
    if (existing) {
      Object.assign(existing.fields, values);
      existing.writes += 1;
      return { id: existing.Id, created: false };
    }
    const id = this.newId(object);
    this.table(object).set(id, { Id: id, fields: { ...values, [field]: value }, writes: 1 });
    return { id, created: true };
  }

  create(object: string, fields: Record<string, unknown>): { id: string } | RecordError {
    const { attributes: _attributes, ...values } = fields;
    const error = this.validate(object, values, true);
    if (error) return error;
    const id = this.newId(object);
    this.table(object).set(id, { Id: id, fields: values, writes: 1 });
    return { id };
  }

  private validate(object: string, values: Record<string, unknown>, creating: boolean): RecordError | undefined {
    return validateRecord(object, values, creating, (id) => this.findById(id) !== undefined);
  }

  private newId(object: string): string {
    return `${SCHEMAS[object]!.prefix}5e${String(this.nextId++).padStart(10, '0')}AAA`;
  }
}
