import { freshTempDir } from '../helpers/temp-dir.js';
import { readQuerySuite } from './read-suite.js';

readQuerySuite('local disk', () => freshTempDir('query'));
