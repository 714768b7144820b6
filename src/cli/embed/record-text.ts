import { OmniError } from '../../util/omni-error.js';
import { wellFormedTextProblem } from '../../util/well-formed-text.js';
import { describePlace, memberNamed, type NodeLine, type RecordPlace } from './record-line.js';

/** How the values of a record's fields are joined into the one text it is embedded from. */
export const FIELD_SEPARATOR = '\n';

/** How the items of a list field are joined into its text. */
export const ITEM_SEPARATOR = ', ';

function fieldError(place: RecordPlace, type: string, field: string, problem: string): OmniError {
  return new OmniError(
    'bad_request',
    `${describePlace(place)}: ${type} field '${field}' ${problem}`,
    {
      details: { file: place.file, line: place.line, type, field },
    },
  );
}

/** A scalar as text: a string as it is, a number or boolean as `spelled`; else undefined. */
function scalarText(value: unknown, spelled: string): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return spelled;
  return undefined;
}

/**
 * One field's text: a string as it is; a number or boolean as the line spells it (so an
 * integer past 2^53 keeps its digits); a list's items joined with {@link ITEM_SEPARATOR}.
 * Missing, null, an object, or a list holding anything but scalars is a `bad_request` naming
 * the line, the type and the field.
 */
function fieldText(record: NodeLine, field: string, place: RecordPlace): string {
  const data = record.data;
  const member = data === undefined ? undefined : memberNamed(data.span, field);
  if (data === undefined || member === undefined) {
    throw fieldError(
      place,
      record.type,
      field,
      'is missing; every field the embedding spec lists for the type must be present: add it to the record or drop it from `fields`',
    );
  }
  const value = data.values[field];
  if (value === null) {
    throw fieldError(place, record.type, field, 'is null; there is no text to embed');
  }
  if (Array.isArray(value)) {
    const items = value.map((item: unknown) => scalarText(item, String(item)));
    if (items.every((item) => item !== undefined)) return items.join(ITEM_SEPARATOR);
    throw fieldError(place, record.type, field, 'is a list holding more than text and numbers');
  }
  const text = scalarText(value, record.text.slice(member.valueStart, member.valueEnd));
  if (text === undefined) {
    throw fieldError(place, record.type, field, 'is an object, not text');
  }
  return text;
}

/**
 * The text a record is embedded from: the values of `fields`, in the spec's order, joined
 * with {@link FIELD_SEPARATOR}. Text that is not well-formed Unicode (a lone surrogate escape)
 * or is blank is a `bad_request` naming the line.
 *
 * @example recordText(parseRecordLine('{"type":"Doc","data":{"t":"Hi","n":2}}', place), ['t', 'n'], place) // 'Hi\n2'
 */
export function recordText(
  record: NodeLine,
  fields: readonly string[],
  place: RecordPlace,
): string {
  const parts = fields.map((field) => {
    const text = fieldText(record, field, place);
    const problem = wellFormedTextProblem(text);
    if (problem !== undefined) {
      throw fieldError(place, record.type, field, `is not well-formed Unicode: ${problem}`);
    }
    return text;
  });
  const text = parts.join(FIELD_SEPARATOR);
  if (text.trim() === '') {
    throw new OmniError(
      'bad_request',
      `${describePlace(place)}: ${record.type} has no text to embed: ${fields.map((field) => `'${field}'`).join(', ')} ${fields.length === 1 ? 'is' : 'are'} blank`,
      { details: { file: place.file, line: place.line, type: record.type } },
    );
  }
  return text;
}
