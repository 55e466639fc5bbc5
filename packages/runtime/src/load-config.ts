import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FeedloopError } from '@feedloop/schema/errors';
import { configSchema, type Config } from './config-schema.js';
import { deepFreeze } from './deep-freeze.js';

export interface ConfigProblem {
  path: string;
  message: string;
}

/** Validates a config object; `REDIS_URL` in `env` overrides `redis.url`. Throws CONFIG_INVALID listing every problem. */
export function parseConfig(input: unknown, env: NodeJS.ProcessEnv = process.env): Readonly<Config> {
  const withEnv = env.REDIS_URL && isObject(input) ? { ...input, redis: { ...asObject(input.redis), url: env.REDIS_URL } } : input;
  const result = configSchema(env).safeParse(withEnv);
  if (!result.success) {
    const problems: ConfigProblem[] = result.error.issues.map((issue) => ({
      path: issue.path.length ? issue.path.join('.') : '(root)',
      message: issue.message,
    }));
    const list = problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n');
    throw new FeedloopError('CONFIG_INVALID', `The configuration is invalid:\n${list}`, problems);
  }
  return deepFreeze(result.data);
}

/** Reads `feedloop.config.json` (or a `.mjs` whose default export is the config) and validates it. */
export async function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Readonly<Config>> {
  const path = resolve(file);
  let input: unknown;
  try {
    if (/\.[cm]?js$/.test(path)) {
      input = ((await import(pathToFileURL(path).href)) as { default: unknown }).default;
    } else {
      input = JSON.parse(await readFile(path, 'utf8'));
    }
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new FeedloopError('CONFIG_UNREADABLE', `Cannot read the configuration ${path}: ${reason}`);
  }
  return parseConfig(resolvePaths(input, dirname(path)), env);
}

/** File paths in the config (`enrich.geoip`) are relative to the config file's folder, not to where the process started. */
function resolvePaths(input: unknown, dir: string): unknown {
  if (!isObject(input) || !isObject(input.enrich)) return input;
  const { geoip } = input.enrich;
  if (typeof geoip !== 'string' || geoip === '' || isAbsolute(geoip)) return input;
  return { ...input, enrich: { ...input.enrich, geoip: resolve(dir, geoip) } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): Record<string, unknown> {
  return isObject(value) ? value : {};
}
