// Every process the bench starts (Redis, the processes under test), so that each is killed when the bench ends, however
// it ends: the entry kills them on 'exit'.
import { fork } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const childScript = new URL('child.mjs', import.meta.url).pathname;

export const children = new Set();

/** Keeps a started process in `children` until it exits. */
export function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

export const killChildren = () => children.forEach((child) => child.kill('SIGKILL'));

/** SIGTERM to every child; resolves once all have exited, or after 3 s. */
export async function stopChildren() {
  const closing = [...children].map((child) => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))));
  await Promise.race([Promise.all(closing), sleep(3_000)]);
}

let profiles = 0;

/**
 * A process under test, forked from child.mjs with an event loop of its own; `options` is its first message (see
 * child.mjs). Resolves once it says it is ready. `cpuProf`: a directory, to run it with --cpu-prof.
 */
export async function startChild(options, { cwd, cpuProf }) {
  const execArgv = [];
  if (cpuProf) execArgv.push('--cpu-prof', `--cpu-prof-dir=${cpuProf}`, `--cpu-prof-name=${options.role}-${++profiles}.cpuprofile`);
  const child = track(fork(childScript, [], { cwd, execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const messages = [];
  const listeners = new Set();
  child.on('message', (message) => {
    messages.push(message);
    for (const listener of listeners) listener(message);
  });
  const next = (type, timeoutMs = 60_000) =>
    new Promise((resolve, reject) => {
      const found = messages.find((m) => m.type === type);
      if (found) return resolve(found);
      const timer = setTimeout(() => done(new Error(`the ${options.role} child sent no "${type}" within ${timeoutMs / 1000} s`)), timeoutMs);
      const onExit = (code) => done(new Error(`the ${options.role} child exited (code ${code}) before "${type}"`));
      const listener = (message) => message.type === type && done(null, message);
      const done = (error, message) => {
        clearTimeout(timer);
        listeners.delete(listener);
        child.off('exit', onExit);
        if (error) reject(error);
        else resolve(message);
      };
      listeners.add(listener);
      child.once('exit', onExit);
    });
  let cpuAsks = 0;
  child.send(options);
  const ready = await next('ready');
  return {
    ready,
    next,
    async cpuMs() {
      const seq = ++cpuAsks;
      child.send({ type: 'cpu', seq });
      const { usage, elu } = await next(`cpu-${seq}`);
      return { ms: (usage.user + usage.system) / 1000, elu };
    },
    /** Asks it to close and waits; SIGKILL after 10 s. Resolves with what it counted. */
    async stop() {
      if (!children.has(child)) return {};
      const closed = next('closed', 10_000).catch(() => ({}));
      child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const [message] = await Promise.all([closed, exited]);
      clearTimeout(timer);
      return message.stats ?? {};
    },
  };
}
