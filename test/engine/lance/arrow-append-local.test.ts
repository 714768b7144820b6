import { freshTempDir } from '../../helpers/temp-dir.js';
import { arrowAppendSuite } from './arrow-append-suite.js';

arrowAppendSuite('local disk', () => freshTempDir('arrow-append'));
