import { fixture } from './hubspot-fixture.js';
import type { PropertyType } from './properties.js';

/** An error HubSpot would answer for the whole request. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: object,
  ) {
    super(String((body as { message?: string }).message));
  }
}

export const validation = (message: string, extra: object = {}) =>
  new RequestError(400, { status: 'error', message, correlationId: crypto.randomUUID(), category: 'VALIDATION_ERROR', ...extra });

function checkValue(name: string, type: PropertyType, value: unknown): string | undefined {
  if (typeof value !== 'string') return `Property "${name}" must be a string value`;
  if (type === 'number' && !/^-?\d+(\.\d+)?$/.test(value)) return `${value} was not a valid number for property "${name}"`;
  if (type === 'datetime' && !/^\d+$/.test(value) && Number.isNaN(Date.parse(value))) return `${value} was not a valid date-time for property "${name}"`;
  return undefined;
}

/** The properties of one input, checked against what the account defines. */
export function checkProperties(properties: unknown, defined: Record<string, PropertyType>): Record<string, string> {
  if (!properties || typeof properties !== 'object' || Array.isArray(properties)) throw validation('Invalid input JSON: "properties" must be an object');
  for (const [name, value] of Object.entries(properties)) {
    const type = defined[name];
    if (!type) {
      const body = fixture<{ message: string; errors: { message: string; context: { propertyName: string[] } }[] }>('error-400-property-doesnt-exist.json');
      throw validation(body.message.replaceAll('feedloop_last_ces', name), {
        errors: [{ message: `Property "${name}" does not exist`, code: 'PROPERTY_DOESNT_EXIST', context: { propertyName: [name] } }],
      });
    }
    const problem = checkValue(name, type, value);
    if (problem) throw validation(`Property values were not valid: ${problem}`, { errors: [{ message: problem, code: 'INVALID_PROPERTY_VALUE', context: { propertyName: [name] } }] });
  }
  return properties as Record<string, string>;
}

export function inputsOf(body: unknown): Record<string, unknown>[] {
  const inputs = (body as { inputs?: unknown } | undefined)?.inputs;
  if (!Array.isArray(inputs)) throw validation('Invalid input JSON: "inputs" is required');
  if (inputs.length === 0 || inputs.length > 100) throw validation(`Batch input must contain between 1 and 100 inputs, got ${inputs.length}`);
  if (inputs.some((input) => !input || typeof input !== 'object')) throw validation('Invalid input JSON: every input is an object');
  return inputs as Record<string, unknown>[];
}
