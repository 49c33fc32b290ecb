// Global setup of the e2e project: build the site once and serve dist/ from a URL subpath
// (/workshop/rp/) on 127.0.0.1 — a secure context, so WebGPU is exposed — as a static host would,
// under a strict Content-Security-Policy, so every e2e test also checks the site needs no more.
// Beside the site lies one page that is not the app's (OTHER_PAGE), as a teacher's lesson page would.
// Tests get the URL with `inject('baseURL')`. Set E2E_BASE_URL to test an already-running site.
import type { TestProject } from 'vitest/node';
import { build } from 'vite';
import { SITE_CSP } from '../../src/cli/static-server';
import { OTHER_PAGE, serveStatic } from './static-server';

declare module 'vitest' {
  interface ProvidedContext {
    /** Root URL of the site under test, ending in '/'. */
    baseURL: string;
  }
}

/** The strict policy the site must run under: no inline script or style, WASM allowed. */
export const CSP = SITE_CSP;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.E2E_BASE_URL;
  if (external) {
    project.provide('baseURL', external.endsWith('/') ? external : `${external}/`);
    return async () => {};
  }
  const root = project.config.root;
  await build({ root, configFile: `${root}/vite.config.ts`, logLevel: 'warn' });
  const { server, url } = await serveStatic(`${root}/dist`, '/workshop/rp/', { 'content-security-policy': CSP }, { [OTHER_PAGE.name]: OTHER_PAGE.text });
  project.provide('baseURL', url);
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}
