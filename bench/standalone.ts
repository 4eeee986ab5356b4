/**
 * The sections that need nothing of the others' measurements (7, the sweep at scale; 8, the capacity model;
 * 9, ResourceName searches at growing account sizes), so that `npm run bench -- --only=7,8,9` can run them
 * without the rest, and the merge of their figures into the last results of a full run.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { capacityFigures, measureItemSizes } from './item-sizes';
import { measureSearch, searchFigures } from './search';
import type { Figure } from './stats';
import { measureSweepAtScale, sweepAtScaleFigures } from './sweep-scale';

export type Sections = Readonly<Record<string, () => Promise<Figure[]>>>;

export function standaloneSections(quick: boolean, log: (message: string) => void): Sections {
  // The same due tasks in a table ten times larger; a quick run, a tenth of each.
  const { tasks, due } = quick
    ? { tasks: [1_000, 10_000], due: 100 }
    : { tasks: [10_000, 100_000], due: 1_000 };
  return {
    '7': async () => {
      log(
        `sweep at scale: ${tasks.map((n) => n.toLocaleString('en-US')).join(' and ')} tasks, ${due} due in each`,
      );
      const sweeps = [];
      for (const size of tasks) sweeps.push(await measureSweepAtScale({ tasks: size, due }));
      return sweepAtScaleFigures(sweeps);
    },
    '8': async () => {
      log('capacity: the items a notification writes, billed by the engine and by the model');
      return capacityFigures(await measureItemSizes());
    },
    '9': async () => {
      const sizes = quick ? [1_000, 10_000] : [1_000, 10_000, 100_000];
      log(`search: ResourceName at ${sizes.map((n) => n.toLocaleString('en-US')).join(', ')} tasks`);
      return searchFigures(await measureSearch(sizes));
    },
  };
}

/** Runs `numbers` of `sections` one after the other. */
export async function runSections(sections: Sections, numbers: readonly string[]): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const number of numbers) {
    const run = sections[number];
    if (!run) throw new Error(`--only takes ${Object.keys(sections).join(', ')}, not ${number}`);
    figures.push(...(await run()));
  }
  return figures;
}

/**
 * Puts `figures` in place of those of sections `numbers` in the results `file` (where the first of each section
 * stood, or at the end for a section it lacks), keeping the rest of it as it was.
 */
export function mergeResults(file: string, numbers: readonly string[], figures: readonly Figure[]): void {
  const last = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { figures?: Figure[] }) : {};
  const number = (figure: Figure) => String(Number.parseInt(figure.section, 10));
  const merged: Figure[] = [];
  const placed = new Set<string>();
  const place = (section: string) => {
    if (placed.has(section)) return;
    placed.add(section);
    merged.push(...figures.filter((figure) => number(figure) === section));
  };
  for (const figure of last.figures ?? []) {
    if (numbers.includes(number(figure))) place(number(figure));
    else merged.push(figure);
  }
  for (const section of numbers) place(section);
  writeFileSync(file, `${JSON.stringify({ ...last, figures: merged }, null, 2)}\n`);
}
