import { freshTempDir } from '../../helpers/temp-dir.js';
import { lanceTableSuite } from './table-suite.js';

lanceTableSuite('local disk', () => freshTempDir('lance'));
