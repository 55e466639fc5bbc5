import { parseArgs } from 'node:util';
import { createLogger, loadConfig } from '@feedloop/runtime';
import { FeedloopError } from '@feedloop/schema/errors';
import { dlqCommand } from './dlq-command.js';
import { loadEnvFile } from './env-file.js';
import { RedisUnavailableError } from './local-redis.js';
import { start } from './start.js';

const HELP = `feedloop <command> [options]

Commands:
  start           ingest and worker in one process (with no reachable local Redis, starts a throwaway redis-server)
  ingest          the HTTP intake only
  worker          the queue workers only
  check-config    validate the configuration and exit
  dlq             dead letters (failed jobs): dlq list | show <id> | replay [<id>…] | drop [<id>…] | count

Options:
  --config <file>     configuration file (default: feedloop.config.json)
  --env-file <file>   load NAME=value lines into the environment; variables already set win
  --static <dir>      serve a folder at / of the ingest server (demo pages)
  --inbox             run a local webhook inbox at the first loopback webhook destination's URL
  -h, --help          this text

dlq options:
  --destination <d>   only this destination's queue ("events" for the events queue)
  --since <t>         only what failed since an ISO date/time, or within a duration (30m, 2h, 7d)
  --limit <n>         dlq list: at most n rows (default 50)
  --json              machine-readable output
  --yes               dlq drop: allow dropping every dead letter (no filter and no ids)
`;

/** Runs one command and returns the exit code; long-running commands resolve once they are up. */
export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    // An unknown option or one missing its value: a usage error, not a crash.
    if (!(error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) throw error;
    process.stderr.write(`${error.message}\n\n${HELP}`);
    return 1;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || !command) {
    process.stdout.write(HELP);
    return command || values.help ? 0 : 1;
  }
  if (values['env-file']) loadEnvFile(values['env-file']);
  const logger = createLogger({ name: 'feedloop' });
  try {
    switch (command) {
      case 'check-config':
        await loadConfig(values.config);
        process.stdout.write(`${values.config} is valid\n`);
        return 0;
      case 'start':
      case 'ingest':
      case 'worker':
        await start(
          {
            config: values.config,
            ingest: command !== 'worker',
            worker: command !== 'ingest',
            ...(values.static ? { staticDir: values.static } : {}),
            inbox: values.inbox,
          },
          logger,
        );
        return 0;
      case 'dlq':
        return await dlqCommand(positionals.slice(1), values);
      default:
        process.stderr.write(`Unknown command "${command}".\n\n${HELP}`);
        return 1;
    }
  } catch (error) {
    if (error instanceof FeedloopError || error instanceof RedisUnavailableError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', default: 'feedloop.config.json' },
      'env-file': { type: 'string' },
      static: { type: 'string' },
      inbox: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      destination: { type: 'string' },
      since: { type: 'string' },
      limit: { type: 'string' },
      json: { type: 'boolean' },
      yes: { type: 'boolean' },
    },
  });
}
