// Writes packages/widget/dist/locales/<lang>.json from the compiled translations in packages/widget/lib/locales.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';

const lib = new URL('../packages/widget/lib/locales/', import.meta.url);
const dist = new URL('../packages/widget/dist/locales/', import.meta.url);

export async function writeLocales() {
  await mkdir(dist, { recursive: true });
  for (const file of (await readdir(lib)).filter((f) => f.endsWith('.js'))) {
    const { default: strings } = await import(pathToFileURL(new URL(file, lib).pathname).href);
    await writeFile(new URL(file.replace(/\.js$/, '.json'), dist), JSON.stringify(strings));
  }
}
