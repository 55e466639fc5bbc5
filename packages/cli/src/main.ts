import { parseArgs } from 'node:util';
import { createLogger, loadConfig } from '@feedloop/runtime';
import { FeedloopError } from '@feedloop/schema/errors';
import { loadEnvFile } from './env-file.js';
import { RedisUnavailableError } from './local-redis.js';
import { start } from './start.js';

const HELP = `feedloop <command> [options]

Commands:
  start           ingest and worker in one process (with no reachable local Redis, starts a throwaway redis-server)
  ingest          the HTTP intake only
  worker          the queue workers only
  check-config    validate the configuration and exit

Options:
  --config <file>     configuration file (default: feedloop.config.json)
  --env-file <file>   load NAME=value lines into the environment; variables already set win
  --static <dir>      serve a folder at / of the ingest server (demo pages)
  --inbox             run a local webhook inbox at the first loopback webhook destination's URL
  -h, --help          this text
`;

/** Runs one command and returns the exit code; long-running commands resolve once they are up. */
export async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string', default: 'feedloop.config.json' },
      'env-file': { type: 'string' },
      static: { type: 'string' },
      inbox: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
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
