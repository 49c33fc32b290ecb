/**
 * The initial-JavaScript figure of `npm run bench`: builds the site into a temporary folder with a
 * Vite manifest and sums the gzip size of the JavaScript the built index.html loads up front — the
 * scripts it names, the entry chunk and, transitively, its static imports. Lazily loaded chunks
 * (dynamic imports, the learning worker), other entries (the embeddable module) and the WASM
 * binaries are not counted.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';

interface ManifestChunk {
  readonly file: string;
  readonly isEntry?: boolean;
  readonly imports?: readonly string[];
  readonly dynamicImports?: readonly string[];
}

/** One file counted in the initial JavaScript. */
export interface InitialFile {
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

/** The initial JavaScript of a build. */
export interface InitialJs {
  readonly files: readonly InitialFile[];
  readonly bytes: number;
  readonly gzipBytes: number;
  /** gzip size in kB (1000 bytes, as Vite's build report prints it), zlib's default level. */
  readonly gzipKB: number;
  /** Chunks reachable only through dynamic imports (not counted), with their gzip size. */
  readonly lazy: readonly InitialFile[];
}

/** URLs of the scripts and module preloads in an HTML file, in order. */
export function htmlScripts(html: string): string[] {
  const out: string[] = [];
  for (const tag of html.match(/<(script|link)\b[^>]*>/gi) ?? []) {
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`, 'i').exec(tag)?.[1];
    if (/^<script/i.test(tag) && attr('src')) out.push(attr('src') as string);
    if (/^<link/i.test(tag) && attr('rel')?.toLowerCase() === 'modulepreload' && attr('href')) out.push(attr('href') as string);
  }
  return out;
}

/**
 * The JavaScript the built index.html loads up front: every script and module preload it names
 * (the entry chunk, the service-worker registration, …) and, from the build manifest, each chunk's
 * static imports, transitively.
 */
export function initialJs(outDir: string): InitialJs {
  const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const size = (file: string): InitialFile => {
    const buf = readFileSync(join(outDir, file));
    return { file, bytes: buf.length, gzipBytes: gzipSync(buf).length };
  };
  const byFile = new Map(Object.entries(manifest).map(([key, chunk]) => [chunk.file, key]));
  const initial = new Set<string>();
  const visit = (key: string): void => {
    const chunk = manifest[key];
    if (!chunk || initial.has(chunk.file)) return;
    initial.add(chunk.file);
    for (const k of chunk.imports ?? []) visit(k);
  };
  if (!manifest['index.html']) throw new Error('the build manifest has no index.html entry');
  visit('index.html');
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  for (const src of htmlScripts(html)) {
    if (/^(https?:)?\/\//.test(src)) continue; // nothing external is expected; not part of the build
    const file = src.replace(/^\.?\//, '');
    const key = byFile.get(file);
    if (key) visit(key);
    else if (file.endsWith('.js')) initial.add(file);
  }
  const files = [...initial].filter((f) => f.endsWith('.js')).map(size);
  const lazy = [...new Set(Object.values(manifest).map((c) => c.file))]
    .filter((f) => f.endsWith('.js') && !initial.has(f))
    .map(size);
  const gzipBytes = files.reduce((a, f) => a + f.gzipBytes, 0);
  return { files, bytes: files.reduce((a, f) => a + f.bytes, 0), gzipBytes, gzipKB: gzipBytes / 1000, lazy };
}

/** Builds the site (production, as `npm run build`) into a temporary folder and measures it. */
export async function measureInitialJs(root: string): Promise<InitialJs> {
  const outDir = mkdtempSync(join(tmpdir(), 'rp-bench-build-'));
  try {
    await build({
      root,
      configFile: resolve(root, 'vite.config.ts'),
      logLevel: 'warn',
      // The chunk-size advice is about lazy chunks (tfjs); the figure here is the initial JavaScript.
      build: { outDir, emptyOutDir: true, manifest: true, chunkSizeWarningLimit: 100_000 },
    });
    return initialJs(outDir);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
