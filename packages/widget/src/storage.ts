/**
 * localStorage that never throws (private modes, disabled storage, full quotas). Every record has its own key,
 * so tabs never overwrite each other's writes. While consent is pending nothing reaches the device: the same
 * calls work on memory, which is written out on consent and forgotten on refusal.
 */
const PREFIX = 'feedloop:';
let memory: Map<string, string> | undefined;

/** `device`: write through, moving what memory held; `memory`: keep it off the device; `forget`: drop it. */
export function storeOn(where: 'device' | 'memory' | 'forget'): void {
  if (where === 'device') {
    for (const [key, value] of memory ?? []) if (!attempt(() => (localStorage.setItem(key, value), true))) return;
    memory = undefined;
  } else memory = where === 'memory' && memory ? memory : new Map();
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

/** A device that refuses (full, blocked, sandboxed) turns the page to memory: the rating still goes out from here. */
export function write(key: string, value: unknown): void {
  const raw = JSON.stringify(value);
  if (!memory && attempt(() => (localStorage.setItem(PREFIX + key, raw), true))) return;
  (memory ??= new Map()).set(PREFIX + key, raw);
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
