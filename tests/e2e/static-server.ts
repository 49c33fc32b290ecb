// The e2e tests' static server (src/cli/static-server.ts, shared with `npm run bench`), and a page
// of someone else's that the tests serve beside the site.
export { serveStatic } from '../../src/cli/static-server';

/** A page of someone else's beside the site (a teacher's lesson page): the service worker must leave it alone. */
export const OTHER_PAGE = { name: 'other.html', text: '<!doctype html><title>Another page</title><p>Not the playground: a page of its own.</p>' };
