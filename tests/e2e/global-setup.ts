// Global setup of the e2e project: build the site and serve dist/ on 127.0.0.1 (a secure context,
// so WebGPU is exposed), then hand its URL to the tests as `inject('baseURL')`.
// Set E2E_BASE_URL to test an already-running site instead (no build, no server).
import type { TestProject } from 'vitest/node';
import { build, preview, type PreviewServer } from 'vite';

declare module 'vitest' {
  interface ProvidedContext {
    /** Root URL of the site under test, ending in '/'. */
    baseURL: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.E2E_BASE_URL;
  if (external) {
    project.provide('baseURL', external.endsWith('/') ? external : `${external}/`);
    return async () => {};
  }
  const root = project.config.root;
  await build({ root, configFile: `${root}/vite.config.ts`, logLevel: 'warn' });
  const server: PreviewServer = await preview({
    root,
    configFile: `${root}/vite.config.ts`,
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
  });
  const address = server.httpServer.address();
  if (address === null || typeof address === 'string') {
    throw new Error(`vite preview gave no TCP address: ${String(address)}`);
  }
  project.provide('baseURL', `http://127.0.0.1:${address.port}/`);
  return () => server.close();
}
