import { createReadStream } from 'node:fs';
import { fileReadError } from '../../util/file-read-error.js';
import { OmniError } from '../../util/omni-error.js';
import {
  MAX_LINE_BYTES,
  utf8Lines,
  type LineFaults,
  type NumberedLine,
} from '../../util/utf8-lines.js';

/** How `embed` words a line's faults: naming the file as the user gave it. */
function lineFaults(given: string): LineFaults {
  return {
    tooLong: (line) =>
      new OmniError(
        'resource_limit',
        `line ${line} of '${given}' is longer than ${MAX_LINE_BYTES} bytes`,
        { details: { file: given, line, limit: MAX_LINE_BYTES } },
      ),
    notUtf8: (line, column, message) =>
      new OmniError(
        'bad_request',
        `line ${line} of '${given}': ${message} at column ${column}; the input must be UTF-8 text`,
        { details: { file: given, line, column } },
      ),
  };
}

/**
 * The non-blank lines of a file, in order, holding one line in memory at a time (see
 * `utf8Lines`). `given` names the file as the user wrote it.
 */
export function readStrictLines(file: string, given: string): AsyncGenerator<NumberedLine> {
  return utf8Lines(fileChunks(file, given), lineFaults(given));
}

async function* fileChunks(file: string, given: string): AsyncGenerator<Buffer> {
  const stream = createReadStream(file);
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } catch (error) {
    throw fileReadError('input', given, error);
  } finally {
    stream.destroy();
  }
}
