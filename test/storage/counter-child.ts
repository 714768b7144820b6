// Child process of the cross-process if-match test: increments one counter `times` times.
import { FileObjectStore } from '../../src/storage/index.js';
import { incrementCounter } from '../helpers/counter.js';

const [root, key, times = '1'] = process.argv.slice(2);
if (!root || !key) throw new Error('usage: counter-child <root> <key> [times]');
const store = new FileObjectStore(root);
for (let done = 0; done < Number(times); done += 1) await incrementCounter(store, key);
