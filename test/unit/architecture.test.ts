/**
 * The tree's rules that the compiler does not check (README "How it is built"): the folders of lambda/ import
 * each other without a cycle, lambda/ imports nothing of local/, lib/ or bin/, and key formats stay in the store.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The repository-relative paths a file imports (relative imports only). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/from '(\.[^']+)'/g)].map((match) =>
    relative(root, resolve(dirname(file), match[1] ?? '')),
  );
}

/** `lambda/store/table.ts` → `lambda/store`; a file directly in lambda/ is its own unit. */
function folderOf(path: string): string {
  const parts = path.split('/');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : path.replace(/\.tsx?$/, '');
}

const lambdaFiles = sourceFiles(join(root, 'lambda'));

test('the folders of lambda/ import each other without a cycle', () => {
  const edges = new Map<string, Set<string>>();
  for (const file of lambdaFiles) {
    const from = folderOf(relative(root, file));
    for (const target of importsOf(file).map(folderOf)) {
      if (target !== from && target.startsWith('lambda/')) {
        edges.set(from, (edges.get(from) ?? new Set()).add(target));
      }
    }
  }
  const cycles: string[] = [];
  const visit = (node: string, path: string[]) => {
    for (const next of edges.get(node) ?? []) {
      if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(' → '));
      else visit(next, [...path, next]);
    }
  };
  for (const node of edges.keys()) visit(node, [node]);
  expect(cycles).toEqual([]);
  // The domain stands on nothing else of lambda/.
  expect([...(edges.get('lambda/model') ?? [])]).toEqual([]);
});

test('lambda/ imports nothing of local/, lib/ or bin/', () => {
  const outward = lambdaFiles.flatMap((file) =>
    importsOf(file)
      .filter((target) => !target.startsWith('lambda/') && !target.startsWith('node_modules'))
      .map((target) => `${relative(root, file)} → ${target}`),
  );
  expect(outward).toEqual([]);
});

test('only the store, the local engine and the CDK table construct use the key module', () => {
  const users = [
    ...sourceFiles(join(root, 'lambda')),
    ...sourceFiles(join(root, 'local')),
    ...sourceFiles(join(root, 'lib')),
  ]
    .filter((file) => importsOf(file).includes('lambda/store/table'))
    .map((file) => relative(root, file))
    .filter((file) => !file.startsWith('lambda/store/'));
  expect(users.sort()).toEqual(['lib/task-table.ts', 'local/engine.ts']);
});
