/** A value built from input, or why the input does not fit (a message naming the problem). */
export type Fit<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };
