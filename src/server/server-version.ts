import { createRequire } from 'node:module';

// package.json sits two levels up from both src/server and dist/server.
const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

/** The version `/healthz` and the OpenAPI document report. */
export const SERVER_VERSION: string = pkg.version;
