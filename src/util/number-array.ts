/** A typed array of 32- or 64-bit numbers: a column packed, or a list a removal copies by type. */
export type NumberArray = Int32Array | Uint32Array | Float32Array | Float64Array;
