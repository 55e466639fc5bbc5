import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/** Loads `NAME=value` lines into `env`; variables already set win, so a real secret overrides a demo one. */
export function loadEnvFile(path: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const loaded: string[] = [];
  for (const [name, value] of Object.entries(parseEnv(readFileSync(path, 'utf8')))) {
    if (env[name] === undefined) {
      env[name] = value;
      loaded.push(name);
    }
  }
  return loaded;
}
