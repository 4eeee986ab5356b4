/**
 * The page's files, ready to serve: the HTML and CSS as written, the script bundled from TypeScript with
 * esbuild when the server starts (a few tens of milliseconds), so nothing is built ahead and nothing is fetched
 * from a CDN: the page works offline.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';

export interface PageAssets {
  readonly html: Buffer;
  readonly css: Buffer;
  readonly js: Buffer;
}

const PAGE_DIR = join(__dirname, 'page');

export async function buildPageAssets(): Promise<PageAssets> {
  const [html, css, bundle] = await Promise.all([
    readFile(join(PAGE_DIR, 'index.html')),
    readFile(join(PAGE_DIR, 'styles.css')),
    build({
      entryPoints: [join(PAGE_DIR, 'main.tsx')],
      bundle: true,
      write: false,
      format: 'esm',
      // Browsers of the last few years; the page uses nothing newer.
      target: ['chrome109', 'firefox115', 'safari16'],
      jsx: 'automatic',
      jsxImportSource: 'preact',
      minify: true,
      legalComments: 'none',
      logLevel: 'silent',
      tsconfig: join(PAGE_DIR, 'tsconfig.json'),
    }),
  ]);
  const js = bundle.outputFiles[0];
  if (!js) throw new Error('esbuild produced no bundle for the dashboard page');
  return { html, css, js: Buffer.from(js.contents) };
}
