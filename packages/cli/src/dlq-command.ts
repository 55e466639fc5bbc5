import { connectRedis, loadConfig, describeRedis, whenReady } from '@feedloop/runtime';
import {
  DeadLetterQueryError,
  deadLetterCounts,
  dropDeadLetters,
  listDeadLetters,
  replayDeadLetters,
  showDeadLetter,
  type DeadLetter,
  type DeadLetterActionResult,
  type DeadLetterDetail,
  type DeadLetterSource,
} from '@feedloop/worker';
import { formatTable } from './format-table.js';

export const DLQ_USAGE = `Usage:
  feedloop dlq list [--destination <d>] [--since <t>] [--limit <n>] [--json]
  feedloop dlq show <job-id> [--json]
  feedloop dlq replay [--destination <d>] [--since <t>] [<job-id>…] [--json]
  feedloop dlq drop [--destination <d>] [--since <t>] [<job-id>…] [--yes] [--json]
  feedloop dlq count [--json]

  --destination <d>   a destination id, or "events" for the events queue
  --since <t>         failed at or after: an ISO date/time (2026-11-20, 2026-11-20T10:00:00Z) or a duration (30m, 2h, 7d)
  --limit <n>         rows to list (default 50)
`;

const DEFAULT_LIMIT = 50;
const REASON_WIDTH = 100;

export interface DlqOptions {
  config: string;
  destination?: string;
  since?: string;
  limit?: string;
  json?: boolean;
  yes?: boolean;
}

export interface DlqOutput {
  out(text: string): void;
  err(text: string): void;
}

const stdio: DlqOutput = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

class UsageError extends Error {}

type Plan =
  | { action: 'list'; limit: number }
  | { action: 'show'; id: string }
  | { action: 'replay' | 'drop'; ids: string[] | undefined }
  | { action: 'count' };

/** Checks the arguments before anything connects, so a usage error never waits for Redis. */
function plan(args: readonly string[], options: DlqOptions): Plan {
  const [action, ...rest] = args;
  const only = (allowed: (keyof DlqOptions)[]) => {
    for (const name of ['destination', 'since', 'limit', 'yes'] as const) {
      if (options[name] !== undefined && options[name] !== false && !allowed.includes(name)) {
        throw new UsageError(`--${name} does not apply to "dlq ${action}".`);
      }
    }
  };
  switch (action) {
    case 'list': {
      only(['destination', 'since', 'limit']);
      if (rest.length) throw new UsageError(`"dlq list" takes no job ids (got ${rest.join(' ')}).`);
      const limit = options.limit === undefined ? DEFAULT_LIMIT : Number(options.limit);
      if (!/^\d+$/.test(options.limit ?? '1') || !Number.isSafeInteger(limit) || limit < 1) {
        throw new UsageError(`--limit takes a positive whole number, not "${options.limit}".`);
      }
      return { action, limit };
    }
    case 'show': {
      only([]);
      if (rest.length !== 1) throw new UsageError('"dlq show" takes exactly one job id.');
      return { action, id: rest[0]! };
    }
    case 'replay':
      only(['destination', 'since']);
      return { action, ids: rest.length ? rest : undefined };
    case 'drop':
      only(['destination', 'since', 'yes']);
      if (!rest.length && options.destination === undefined && options.since === undefined && !options.yes) {
        throw new UsageError('"dlq drop" with no --destination, --since or job ids drops every dead letter of every queue: add --yes to do that.');
      }
      return { action, ids: rest.length ? rest : undefined };
    case 'count':
      only([]);
      if (rest.length) throw new UsageError('"dlq count" takes no arguments.');
      return { action };
    case undefined:
      throw new UsageError('"dlq" needs a subcommand: list, show, replay, drop or count.');
    default:
      throw new UsageError(`Unknown dlq subcommand "${action}".`);
  }
}

/**
 * `feedloop dlq …`: list, show, replay, drop and count the failed jobs (dead letters) of the events queue and
 * every destination queue. `args` are the words after `dlq`. Returns the exit code: 0 done, 1 usage error or failure.
 */
export async function dlqCommand(args: readonly string[], options: DlqOptions, output: DlqOutput = stdio): Promise<number> {
  let todo: Plan;
  try {
    todo = plan(args, options);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.err(`${error.message}\n\n${DLQ_USAGE}`);
    return 1;
  }
  const config = await loadConfig(options.config);
  const connection = connectRedis(config.redis, 'worker');
  let lastError: Error | undefined;
  connection.on('error', (error: Error) => (lastError = error));
  try {
    if (!(await whenReady(connection, 5_000))) {
      output.err(`Cannot reach Redis at ${describeRedis(config.redis)}${lastError ? `: ${lastError.message}` : ''}\n`);
      return 1;
    }
    return await run(todo, { config, connection }, options, output);
  } catch (error) {
    if (!(error instanceof DeadLetterQueryError)) throw error;
    output.err(`${error.message}\n\n${DLQ_USAGE}`);
    return 1;
  } finally {
    connection.disconnect();
  }
}

async function run(todo: Plan, source: DeadLetterSource, options: DlqOptions, output: DlqOutput): Promise<number> {
  const json = (value: unknown) => output.out(`${JSON.stringify(value, null, 2)}\n`);
  const filter = {
    ...(options.destination !== undefined ? { destination: options.destination } : {}),
    ...(options.since !== undefined ? { since: options.since } : {}),
  };
  switch (todo.action) {
    case 'list': {
      const rows = await listDeadLetters(source, { ...filter, limit: todo.limit });
      if (options.json) json(rows);
      else output.out(rows.length ? deadLetterTable(rows) : 'no dead letters\n');
      return 0;
    }
    case 'show': {
      const detail = await showDeadLetter(source, todo.id);
      if (!detail) {
        output.err(`No job "${todo.id}" in the events queue or any destination queue.\n`);
        return 1;
      }
      if (options.json) json(detail);
      else output.out(describeDeadLetter(detail));
      return 0;
    }
    case 'replay':
    case 'drop': {
      const act = todo.action === 'replay' ? replayDeadLetters : dropDeadLetters;
      const result = await act(source, { ...filter, ...(todo.ids ? { ids: todo.ids } : {}) });
      if (options.json) json(result);
      else output.out(summary(todo.action === 'replay' ? 'replayed' : 'dropped', result));
      return 0;
    }
    case 'count': {
      const counts = await deadLetterCounts(source);
      if (options.json) json(counts);
      else output.out(formatTable(['DESTINATION', 'DEAD LETTERS'], Object.entries(counts).map(([d, n]) => [d, String(n)])));
      return 0;
    }
  }
}

function deadLetterTable(rows: readonly DeadLetter[]): string {
  return formatTable(
    ['FAILED AT', 'QUEUE', 'JOB ID', 'ATTEMPTS', 'REASON'],
    rows.map((row) => [row.failedAt, row.queue, row.jobId, String(row.attempts), oneLine(row.reason)]),
  );
}

function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > REASON_WIDTH ? `${line.slice(0, REASON_WIDTH - 1)}…` : line;
}

/** "replayed 3 dead letters (deliver-crm: 2, events: 1)", and the ids that were not dead letters. */
export function summary(verb: string, result: DeadLetterActionResult): string {
  const parts = Object.entries(result.byQueue)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([queue, n]) => `${queue}: ${n}`);
  let text = `${verb} ${result.count} dead letter${result.count === 1 ? '' : 's'}${parts.length ? ` (${parts.join(', ')})` : ''}\n`;
  if (result.skipped.length) text += `not dead letters (unknown, or already replayed or dropped): ${result.skipped.join(', ')}\n`;
  return text;
}

function describeDeadLetter(detail: DeadLetterDetail): string {
  const fields: [string, string][] = [
    ['job', detail.jobId],
    ['queue', detail.queue],
    ['destination', detail.destination],
    ['event', detail.eventId],
    ['state', detail.state === 'failed' ? 'failed (dead letter)' : `${detail.state} (not a dead letter now)`],
    ['attempts', `${detail.attempts} of ${detail.maxAttempts}`],
    ['created', detail.createdAt],
    ['processed', detail.processedAt ?? '—'],
    ['finished', detail.finishedAt ?? '—'],
    ['reason', detail.reason ?? '—'],
  ];
  const width = Math.max(...fields.map(([name]) => name.length));
  let text = fields.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n') + '\n';
  if (detail.stacktrace.length) text += `\nstack trace (last attempt first):\n${detail.stacktrace.slice().reverse().map(indent).join('\n')}\n`;
  text += `\ndata:\n${indent(JSON.stringify(detail.data, null, 2))}\n`;
  return text;
}

function indent(text: string): string {
  return text.replace(/^/gm, '  ');
}
