/**
 * localStorage that never throws (private modes, disabled storage, full quotas). Every record has its own key,
 * so tabs never overwrite each other's writes. While consent is pending nothing reaches the device: the same
 * calls work on memory, which is written out on consent and forgotten on refusal.
 */
const PREFIX = 'feedloop:';
let memory: Map<string, string> | undefined;

/** `device`: write through, moving what memory held; `memory`: keep it off the device; `forget`: drop it. */
export function storeOn(where: 'device' | 'memory' | 'forget'): void {
  if (where === 'device') for (const [key, value] of memory ?? []) attempt(() => localStorage.setItem(key, value));
  memory = where === 'device' ? undefined : where === 'memory' && memory ? memory : new Map();
}

function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

export function read<T>(key: string): T | undefined {
  const raw = memory ? memory.get(PREFIX + key) : attempt(() => localStorage.getItem(PREFIX + key));
  return raw ? attempt(() => JSON.parse(raw) as T) : undefined;
}

export function write(key: string, value: unknown): void {
  const raw = JSON.stringify(value);
  if (memory) memory.set(PREFIX + key, raw);
  else attempt(() => localStorage.setItem(PREFIX + key, raw));
}

export function remove(key: string): void {
  if (memory) memory.delete(PREFIX + key);
  else attempt(() => localStorage.removeItem(PREFIX + key));
}

/** Keys under `prefix`, sorted; outbox keys end in UUIDv7s, so this is oldest first. */
export function keys(prefix: string): string[] {
  const all = memory ? [...memory.keys()] : (attempt(() => Object.keys(localStorage)) ?? []);
  return all.filter((key) => key.startsWith(PREFIX + prefix)).map((key) => key.slice(PREFIX.length)).sort();
}
