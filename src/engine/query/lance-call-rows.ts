/**
 * Rows' worth of reading one Lance call (a lookup, a filtered scan, a hop of an indexed
 * traversal) is counted as, towards caching what would answer it from memory (a table's columns,
 * a topology index): a call costs milliseconds of setup whatever it returns, as much as reading
 * some thousands of rows.
 */
export const LANCE_CALL_ROWS = 4000;
