/** What the fake answers: a status and, unless undefined, a JSON body. */
export class Reply {
  constructor(readonly status: number, readonly body?: unknown) {}
}

/** Salesforce's error body: a list of `{ message, errorCode, fields? }`. */
export const errorBody = (errorCode: string, message: string, fields?: string[]) => [{ message, errorCode, ...(fields ? { fields } : {}) }];
