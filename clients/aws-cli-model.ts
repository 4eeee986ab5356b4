/**
 * `npm run install-cli-model`: makes the AWS CLI and boto3 sign Migration Hub calls for `execute-api`, as API
 * Gateway in front of a deployed stack requires, by installing AWS's own service models (./models, unchanged
 * copies) with `metadata.signingName` = `execute-api` where botocore looks first:
 * `~/.aws/models/<service>/<api-version>/service-2.json`.
 *
 * What it installs is marked by a file beside each model (MARKER_FILE: the SHA-256 of the model it wrote and the
 * folders it created), which botocore never reads. Uninstalling removes a model only while it is the file that was
 * written, and only the empty folders the install created; a model it did not write is never overwritten.
 */
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';

export const SIGNING_NAME = 'execute-api';
export const MARKER_FILE = 'installed-by-migration-hub-self-hosted.json';
const MODEL_FILE = 'service-2.json';
const SCRIPT = 'npm run install-cli-model';

export interface CliModel {
  /** botocore's name for the service: the CLI command and the boto3 client name. */
  readonly service: string;
  readonly apiVersion: string;
}

export const CLI_MODELS: readonly CliModel[] = [
  { service: 'mgh', apiVersion: '2017-05-31' },
  { service: 'migrationhub-config', apiVersion: '2019-06-30' },
];

export const WARNING =
  'Warning: while installed, the AWS CLI and boto3 sign ALL Migration Hub calls (mgh, migrationhub-config) for ' +
  `execute-api, so calls to AWS's own Migration Hub fail until you run \`${SCRIPT} -- --uninstall\`.`;

/** AWS's model of the service, exactly as published (./models). */
export function officialModel({ service, apiVersion }: CliModel): string {
  return readFileSync(join(__dirname, 'models', `${service}-${apiVersion}.service-2.json`), 'utf8');
}

/** The official model with one change: what the CLI and boto3 sign its calls for. */
export function overriddenModel(model: CliModel): string {
  const parsed = JSON.parse(officialModel(model)) as { metadata: Record<string, unknown> };
  parsed.metadata.signingName = SIGNING_NAME;
  return `${JSON.stringify(parsed, null, 1)}\n`;
}

/** Where botocore looks for a model before its own: `$HOME/.aws/models` (AWS_DATA_PATH aside). */
export function modelsDirectory(home: string): string {
  return join(home, '.aws', 'models');
}

export function modelPath(home: string, { service, apiVersion }: CliModel): string {
  return join(modelsDirectory(home), service, apiVersion, MODEL_FILE);
}

interface Marker {
  readonly installedBy: string;
  readonly sha256: string;
  /** Folders the install created, relative to HOME, so uninstalling removes them once empty. */
  readonly createdDirectories: string[];
}

export class RefusedError extends Error {
  override readonly name = 'RefusedError';
}

const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

function readMarker(path: string): Marker | undefined {
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<Marker>;
    if (typeof parsed.sha256 !== 'string') return undefined;
    const created = Array.isArray(parsed.createdDirectories) ? parsed.createdDirectories : [];
    return {
      installedBy: String(parsed.installedBy),
      sha256: parsed.sha256,
      createdDirectories: created.filter((d): d is string => typeof d === 'string'),
    };
  } catch {
    return undefined;
  }
}

/** Whether the file at `path` is the model this script wrote there (and nobody changed since). */
function writtenByUs(path: string, marker: Marker | undefined): boolean {
  return marker !== undefined && sha256(readFileSync(path)) === marker.sha256;
}

/** Creates `directory` and its missing parents; answers the ones it created, relative to `home`, outermost first. */
function makeDirectories(home: string, directory: string): string[] {
  const missing: string[] = [];
  for (let d = directory; !existsSync(d) && d !== join(d, '..'); d = join(d, '..')) missing.unshift(d);
  mkdirSync(directory, { recursive: true });
  return missing
    .map((d) => relative(home, d))
    .filter((d) => d !== '' && !d.startsWith('..') && !isAbsolute(d));
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/**
 * Installs both models for the user whose home is `home`. Refuses, before writing anything, if a model file is
 * there that this script did not write. Answers what it did, a line per model.
 */
export function installCliModels(home: string): string[] {
  const plan = CLI_MODELS.map((model) => {
    const path = modelPath(home, model);
    const markerPath = join(path, '..', MARKER_FILE);
    const marker = readMarker(markerPath);
    return { model, path, markerPath, marker, exists: existsSync(path) };
  });
  const foreign = plan.filter(({ path, marker, exists }) => exists && !writtenByUs(path, marker));
  if (foreign.length > 0) {
    throw new RefusedError(
      foreign
        .map(
          ({ path }) =>
            `Refusing to overwrite ${path}: ${SCRIPT} did not write it (it may come from \`aws configure ` +
            'add-model`). Move it away and run again. Nothing was installed.',
        )
        .join('\n'),
    );
  }
  return plan.map(({ model, path, markerPath, marker, exists }) => {
    const text = overriddenModel(model);
    if (exists && readFileSync(path, 'utf8') === text) return `already installed: ${path}`;
    const created = makeDirectories(home, join(path, '..'));
    const next: Marker = {
      installedBy: `migration-hub-self-hosted (${SCRIPT}); ${SCRIPT} -- --uninstall removes it`,
      sha256: sha256(text),
      createdDirectories: [...new Set([...(marker?.createdDirectories ?? []), ...created])],
    };
    // The marker first: a crash in between leaves a marker for a model that is absent, which a new run repairs.
    writeAtomically(markerPath, `${JSON.stringify(next, null, 2)}\n`);
    writeAtomically(path, text);
    return `${exists ? 'updated' : 'installed'}: ${path} (${model.service} ${model.apiVersion}, signs for ${SIGNING_NAME})`;
  });
}

/** Removes what installCliModels wrote, and the folders it created once empty. Answers what it did. */
export function uninstallCliModels(home: string): string[] {
  const report: string[] = [];
  const created = new Set<string>();
  for (const model of CLI_MODELS) {
    const path = modelPath(home, model);
    const markerPath = join(path, '..', MARKER_FILE);
    const marker = readMarker(markerPath);
    const exists = existsSync(path);
    if (marker === undefined) {
      report.push(exists ? `left ${path}: ${SCRIPT} did not write it` : `not installed: ${path}`);
      continue;
    }
    if (exists && writtenByUs(path, marker)) {
      unlinkSync(path);
      report.push(`removed: ${path}`);
    } else if (exists) {
      report.push(`left ${path}: it changed since ${SCRIPT} wrote it`);
    } else {
      report.push(`not installed: ${path}`);
    }
    unlinkSync(markerPath);
    for (const directory of marker.createdDirectories) created.add(directory);
  }
  // Innermost first; only folders inside HOME, and only while empty.
  const directories = [...created]
    .filter((d) => !isAbsolute(d) && !d.split(/[\\/]/).includes('..'))
    .sort((a, b) => b.split(sep).length - a.split(sep).length || b.length - a.length);
  for (const directory of directories) {
    const path = join(home, directory);
    try {
      rmdirSync(path);
      report.push(`removed empty folder: ${path}`);
    } catch {
      // Not empty (something else lives there) or already gone: it stays.
    }
  }
  return report;
}
