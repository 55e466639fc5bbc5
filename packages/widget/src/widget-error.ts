import type { ErrorCode } from '@feedloop/schema/errors';

export type WidgetError = Error & { code: ErrorCode; details?: unknown };

/**
 * An Error with a registry code. The code's type comes from the shared registry; its table of
 * messages stays out of the bundle, since every widget error carries its own message.
 */
export function widgetError(code: ErrorCode, message: string, details?: unknown): WidgetError {
  return Object.assign(new Error(message), { name: 'FeedloopError', code, details });
}
