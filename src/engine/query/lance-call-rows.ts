/**
 * Rows' worth of reading one Lance call (a lookup, a filtered scan) is counted as, towards caching
 * a table's columns, which would answer it from memory: a call costs milliseconds of setup
 * whatever it returns, as much as reading some thousands of rows. (A hop of an indexed traversal,
 * towards a topology index, is counted by the traversal planner.)
 */
export const LANCE_CALL_ROWS = 4000;
