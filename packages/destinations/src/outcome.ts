/**
 * What became of one delivery attempt. The worker acts on the kind:
 * ok → done; retry → back off and try again; throttled → wait `waitMs` without spending an attempt;
 * auth → pause the destination until someone fixes its credentials; rejected → dead-letter, no retry.
 */
export type Outcome =
  | { kind: 'ok'; status: number }
  | { kind: 'retry'; reason: string; status?: number }
  | { kind: 'throttled'; reason: string; waitMs: number; status?: number }
  | { kind: 'auth'; reason: string; status: number }
  | { kind: 'rejected'; reason: string; status?: number };

export type OutcomeKind = Outcome['kind'];
