import { freshTempDir } from '../helpers/temp-dir.js';
import { traversalSuite } from './traversal-suite.js';

traversalSuite('local disk', () => freshTempDir('traversal'));
