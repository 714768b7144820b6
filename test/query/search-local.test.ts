import { freshTempDir } from '../helpers/temp-dir.js';
import { searchSuite } from './search-suite.js';

searchSuite('local disk', () => freshTempDir('search'));
