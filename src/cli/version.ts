import { createRequire } from 'node:module';

// package.json sits two levels up from both src/cli and dist/cli.
const pkg = createRequire(import.meta.url)('../../package.json') as { version: string };

/** The package version. */
export const VERSION: string = pkg.version;
