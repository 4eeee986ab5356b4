/**
 * The README is the front door: every setting the code reads is in its tables. A setting added without a row
 * (a context name of the CDK app, an MGH_ variable of the local endpoint) fails here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTEXT_SETTINGS } from '../../lib/context-settings';

const root = join(__dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
/** The section from `heading` to the next heading of the same level. */
const section = (heading: string) => {
  const start = readme.indexOf(`\n${heading}\n`);
  const level = heading.split(' ')[0];
  const end = readme.indexOf(`\n${level} `, start + heading.length + 2);
  return readme.slice(start, end === -1 ? undefined : end);
};
const tableRows = (text: string) => text.split('\n').filter((line) => line.startsWith('| `'));

test.each(CONTEXT_SETTINGS)('the Deploy table has a row for -c %s', (name) => {
  expect(tableRows(section('## Deploy')).some((row) => row.split('|')[1]?.includes(`\`${name}\``))).toBe(
    true,
  );
});

test('the local configuration table has a row for every MGH_ variable the local endpoint reads', () => {
  const sources = ['local/config.ts', 'lambda/settings.ts', 'lambda/connectors/settings.ts']
    .map((file) => readFileSync(join(root, file), 'utf8'))
    .join('\n');
  const read = [...new Set([...sources.matchAll(/\b(MGH_[A-Z_]+)\b/g)].map((match) => match[1] ?? ''))];
  // Read by the Lambdas only, from the CDK app's settings: not for a person to set locally.
  const lambdaOnly = new Set(['MGH_STREAM_PERMISSIONS', 'MGH_EVENT_BUS_NAME']);
  const rows = tableRows(section('## Configuration (local endpoint)'));
  const missing = read.filter(
    (name) => !lambdaOnly.has(name) && !rows.some((row) => row.split('|')[1]?.includes(`\`${name}\``)),
  );
  expect(missing).toEqual([]);
  expect(read).toContain('MGH_CONNECTORS');
});
