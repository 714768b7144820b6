import {
  cursorRejected,
  decodeTokenBody,
  encodeTokenBody,
  scopeDigest,
} from './change-page-token.js';

/**
 * What a feed cursor or page token is bound to: the graph (the incarnation of its `main`, unique
 * per graph), the branch and its incarnation (a branch deleted and created again is another), and
 * the filter scope.
 */
export interface FeedBinding {
  readonly graph: string;
  readonly branch: string;
  readonly incarnation: string;
  readonly scope: string;
}

/** A durable position: the last commit of the branch's first-parent chain delivered (null: none). */
export interface FeedCursor {
  readonly position: string | null;
}

/** Where the next page of a poll starts: inside the commit after `position`, at `offset`. */
export interface FeedPagePosition extends FeedCursor {
  /** The head the poll captured. */
  readonly cut: string;
  /** Index of the next change in the commit after `position` (filtered, in block order). */
  readonly offset: number;
  /** Commits the poll has finished so far (it walks at most its limit). */
  readonly walked: number;
}

interface FeedTokenBody {
  readonly v: 2;
  readonly k: 'cursor' | 'page';
  readonly g: string;
  readonly b: string;
  readonly i: string;
  readonly s: string;
  readonly p: string | null;
  readonly c?: string;
  readonly o?: number;
  readonly w?: number;
}

function bindingFields(binding: FeedBinding): Pick<FeedTokenBody, 'g' | 'b' | 'i' | 's'> {
  return {
    g: scopeDigest(binding.graph),
    b: scopeDigest(binding.branch),
    i: binding.incarnation,
    s: scopeDigest(binding.scope),
  };
}

/** An opaque cursor at a position of a branch's feed. */
export function encodeFeedCursor(binding: FeedBinding, cursor: FeedCursor): string {
  const body: FeedTokenBody = { v: 2, k: 'cursor', ...bindingFields(binding), p: cursor.position };
  return encodeTokenBody(body);
}

/** An opaque page token of one poll. */
export function encodeFeedPageToken(binding: FeedBinding, page: FeedPagePosition): string {
  const body: FeedTokenBody = {
    v: 2,
    k: 'page',
    ...bindingFields(binding),
    p: page.position,
    c: page.cut,
    o: page.offset,
    w: page.walked,
  };
  return encodeTokenBody(body);
}

const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function checkBody(
  token: string,
  kind: FeedTokenBody['k'],
  binding: FeedBinding,
): Record<string, unknown> {
  const what = kind === 'cursor' ? 'cursor' : 'page token';
  const body = decodeTokenBody(token, what);
  if (body.v !== 2 || (body.k !== 'cursor' && body.k !== 'page'))
    throw cursorRejected(`malformed ${what}`);
  if (body.k !== kind)
    throw cursorRejected(
      kind === 'cursor' ? 'a page token is not a cursor' : 'a cursor is not a page token',
    );
  if (typeof body.p !== 'string' && body.p !== null) throw cursorRejected(`malformed ${what}`);
  const expected = bindingFields(binding);
  if (body.g !== expected.g) throw cursorRejected(`${what} was issued for another graph`);
  if (body.b !== expected.b)
    throw cursorRejected(`${what} was issued for another branch than '${binding.branch}'`);
  if (body.i !== expected.i)
    throw cursorRejected(
      `${what} was issued for an earlier incarnation of branch '${binding.branch}' (deleted and created again)`,
    );
  if (body.s !== expected.s) throw cursorRejected(`${what} was issued for another filter`);
  return body;
}

/**
 * The position of a cursor; refuses (`change cursor rejected: …`) one that does not decode, is a
 * page token, or was issued for another graph, branch, incarnation or filter.
 */
export function decodeFeedCursor(token: string, binding: FeedBinding): FeedCursor {
  const body = checkBody(token, 'cursor', binding);
  return { position: body.p as string | null };
}

/** The position of a page token, refused like {@link decodeFeedCursor}. */
export function decodeFeedPageToken(token: string, binding: FeedBinding): FeedPagePosition {
  const body = checkBody(token, 'page', binding);
  if (typeof body.c !== 'string' || !isCount(body.o) || !isCount(body.w))
    throw cursorRejected('malformed page token');
  return { position: body.p as string | null, cut: body.c, offset: body.o, walked: body.w };
}
