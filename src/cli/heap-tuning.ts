import { setFlagsFromString } from 'node:v8';

/**
 * Turns off V8's allocation-site pretenuring for this process. When two collections fall within
 * one batch of a large load (the load's Arrow buffers trigger full collections every few hundred
 * milliseconds), every record of the batch is still alive at the second one, and V8 decides to
 * allocate all later records of their sites directly in the old generation, where they pile up
 * as garbage between full collections. It happened in about half the runs of the 1M-person load:
 * peak RSS 408–430 MB against 343–358 MB, and 10% slower. Off, every run is the good one; reads
 * measure the same (docs/reference/ndjson.md, "Large loads"). Flags set after V8 starts are not
 * all honoured, but this one is read at each collection.
 */
export function tuneHeapForLoads(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
