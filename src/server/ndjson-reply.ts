import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Sends lines as an NDJSON body. The caller reads the first line before calling, so that
 * authorization and bad arguments fail with a status; a failure after it aborts the body, so a
 * client never takes a cut-off stream for a whole one.
 */
export function sendNdjsonLines(
  reply: FastifyReply,
  first: IteratorResult<string>,
  rest: AsyncIterator<string>,
): FastifyReply {
  return reply
    .type('application/x-ndjson; charset=utf-8')
    .send(Readable.from(ndjsonLines(first, rest)));
}

async function* ndjsonLines(
  first: IteratorResult<string>,
  rest: AsyncIterator<string>,
): AsyncGenerator<string> {
  let next = first;
  while (next.done !== true) {
    yield `${next.value}\n`;
    next = await rest.next();
  }
}
