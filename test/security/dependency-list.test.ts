import { readdirSync, readFileSync } from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// SECURITY.md, "Runtime dependencies of each published package". The table lists exactly what each published
// package.json declares in "dependencies" (what users install), and every third-party one of those is imported by
// the package's own source, not only by its tests: a dependency declared but unused fails here.

const ROOT = new URL('../../', import.meta.url);
const SECTION = '### Runtime dependencies of each published package';
const WORKSPACE_SCOPE = '@feedloop/';

interface Published {
  dir: string;
  name: string;
  dependencies: string[];
}

const published: Published[] = readdirSync(new URL('packages/', ROOT), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => {
    const json = JSON.parse(readFileSync(new URL(`packages/${entry.name}/package.json`, ROOT), 'utf8')) as {
      name: string;
      private?: boolean;
      dependencies?: Record<string, string>;
    };
    return { dir: entry.name, name: json.name, private: json.private === true, dependencies: Object.keys(json.dependencies ?? {}) };
  })
  .filter((pkg) => !pkg.private)
  .map(({ dir, name, dependencies }) => ({ dir, name, dependencies }));

/** Table rows as [package, dependencies]: a blank package cell continues the row above; `@feedloop/*` is kept as written. */
const tableRows = (): Array<[string, string[]]> => {
  const text = readFileSync(new URL('SECURITY.md', ROOT), 'utf8');
  const start = text.indexOf(SECTION);
  if (start === -1) throw new Error(`SECURITY.md has no "${SECTION}" section`);
  const body = text.slice(start + SECTION.length);
  const end = body.search(/^#{1,3} /m);
  const lines = (end === -1 ? body : body.slice(0, end)).split('\n').filter((line) => line.trimStart().startsWith('|'));
  // lines[0] is the header, lines[1] the |---| separator.
  const rows: Array<[string, string[]]> = [];
  let current: string | undefined;
  for (const line of lines.slice(2)) {
    const [packageCell = '', dependencyCell = ''] = line.split('|').slice(1).map((cell) => cell.trim());
    const named = /`([^`]+)`/.exec(packageCell)?.[1];
    if (named !== undefined) current = named;
    else if (packageCell !== '') throw new Error(`SECURITY.md: package cell without a backticked name: ${line}`);
    if (current === undefined) throw new Error(`SECURITY.md: first row has no package: ${line}`);
    rows.push([current, [...dependencyCell.matchAll(/`([^`]+)`/g)].map((match) => match[1]!)]);
  }
  return rows;
};

/** What the table says each package depends on, `@feedloop/*` expanded to that package's workspace dependencies. */
const listed = (): Map<string, Set<string>> => {
  const declared = new Map(published.map((pkg) => [pkg.name, pkg.dependencies]));
  const result = new Map<string, Set<string>>();
  for (const [name, dependencies] of tableRows()) {
    const set = result.get(name) ?? new Set<string>();
    for (const dependency of dependencies) {
      if (dependency === `${WORKSPACE_SCOPE}*`) {
        for (const own of declared.get(name) ?? []) if (own.startsWith(WORKSPACE_SCOPE)) set.add(own);
      } else set.add(dependency);
    }
    result.set(name, set);
  }
  return result;
};

/** Every module specifier in the package's non-test source: `from '…'` (type-only too), `import('…')`, `require('…')`. */
const sourceImports = (dir: string): Map<string, string[]> => {
  const src = new URL(`packages/${dir}/src/`, ROOT);
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file));
  const specifiers = new Map<string, string[]>();
  for (const file of files) {
    const found = ts.preProcessFile(readFileSync(new URL(file, src), 'utf8'), true, true).importedFiles;
    for (const { fileName } of found) specifiers.set(fileName, [...(specifiers.get(fileName) ?? []), file]);
  }
  return specifiers;
};

const imports = (specifiers: Map<string, string[]>, dependency: string) =>
  [...specifiers.keys()].some((specifier) => specifier === dependency || specifier.startsWith(`${dependency}/`));

const sorted = (values: Iterable<string>) => [...values].sort();

describe('SECURITY.md, runtime dependencies of each published package', () => {
  it('finds the published packages and the table', () => {
    expect(published.length).toBeGreaterThan(0);
    expect(tableRows().length).toBeGreaterThan(0);
  });

  it('has a row for every published package and none for anything else', () => {
    const inTable = sorted(listed().keys());
    const names = sorted(published.map((pkg) => pkg.name));
    const missing = names.filter((name) => !inTable.includes(name));
    const extra = inTable.filter((name) => !names.includes(name));
    expect({ missing, extra }, `SECURITY.md table: packages missing ${JSON.stringify(missing)}, not published ${JSON.stringify(extra)}`)
      .toEqual({ missing: [], extra: [] });
  });

  for (const pkg of published) {
    it(`lists exactly the dependencies of ${pkg.name} (packages/${pkg.dir}/package.json)`, () => {
      const inTable = listed().get(pkg.name) ?? new Set<string>();
      const missing = sorted(pkg.dependencies.filter((dependency) => !inTable.has(dependency)));
      const extra = sorted([...inTable].filter((dependency) => !pkg.dependencies.includes(dependency)));
      expect(
        { missing, extra },
        `${pkg.name}: declared in package.json but not in the SECURITY.md table ${JSON.stringify(missing)}; ` +
          `in the table but not declared ${JSON.stringify(extra)}`,
      ).toEqual({ missing: [], extra: [] });
    });

    const thirdParty = pkg.dependencies.filter((dependency) => !dependency.startsWith(WORKSPACE_SCOPE));
    if (thirdParty.length === 0) continue;
    it(`imports every third-party dependency of ${pkg.name} from packages/${pkg.dir}/src (tests excluded)`, () => {
      const specifiers = sourceImports(pkg.dir);
      const unused = thirdParty.filter((dependency) => !imports(specifiers, dependency));
      expect(unused, `${pkg.name}: declared in "dependencies" but not imported by packages/${pkg.dir}/src: ${unused.join(', ')}`)
        .toEqual([]);
    });
  }
});
