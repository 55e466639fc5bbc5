// The throwaway Redis the bench runs on, so that it never touches the shared one, and what it reads from INFO.
import { spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { redisAnswers } from '@feedloop/runtime';
import { freePort } from 'feedloop';
import { Redis } from 'ioredis';
import { children, track } from './children.mjs';
import { fail } from './fail.mjs';

/** redis-server from PATH on a free port: no persistence, loopback only. Resolves once it answers PING. */
export async function startRedis(cwd) {
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error) {
    fail(probe.error.code === 'ENOENT'
      ? 'redis-server is not on PATH; install it (e.g. apt-get install redis-server). The bench starts its own throwaway Redis.'
      : `redis-server --version failed: ${probe.error.message}`);
  }
  const version = /v=(\S+)/.exec(probe.stdout)?.[1] ?? 'unknown';
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const server = track(spawn('redis-server', ['--save', '', '--appendonly', 'no', '--port', String(port), '--bind', '127.0.0.1'], {
    cwd,
    stdio: ['ignore', 'ignore', 'inherit'],
  }));
  server.on('error', (error) => fail(`could not start redis-server: ${error.message}`));
  const deadline = Date.now() + 5_000;
  while (!(await redisAnswers(url, 300))) {
    if (!children.has(server) || Date.now() > deadline) fail(`the throwaway redis-server on port ${port} did not answer PING`);
    await sleep(50);
  }
  return { url, port, version, admin: new Redis(url) };
}

async function info(admin, section) {
  return Object.fromEntries((await admin.info(section)).split('\r\n').filter((l) => l.includes(':')).map((l) => l.split(':')));
}

/** Bytes Redis holds, less the buffers of connected clients (which come and go with the processes, not the data). */
export async function usedMemory(admin) {
  const memory = await info(admin, 'memory');
  return Number(memory.used_memory) - Number(memory.mem_clients_normal ?? 0);
}

/** CPU time Redis has used so far (user + system), ms. */
export async function redisCpuMs(admin) {
  const cpu = await info(admin, 'cpu');
  return 1000 * (Number(cpu.used_cpu_user) + Number(cpu.used_cpu_sys));
}
