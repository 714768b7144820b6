// Child process of the cross-process if-match test: increments one counter once.
import { FileObjectStore } from '../../src/storage/index.js';
import { incrementCounter } from '../helpers/counter.js';

const [root, key] = process.argv.slice(2);
if (!root || !key) throw new Error('usage: counter-child <root> <key>');
await incrementCounter(new FileObjectStore(root), key);
