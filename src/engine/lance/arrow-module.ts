import { createRequire } from 'node:module';
import type * as Arrow from 'apache-arrow';

const require = createRequire(import.meta.url);

/**
 * The `apache-arrow` module that `@lancedb/lancedb` itself uses. Lance loads Arrow through
 * CommonJS; an ESM `import` would give a second copy whose classes fail its `instanceof` checks
 * (LargeBinary schemas then break), so every runtime use of Arrow in this layer goes through
 * this value. Type-only imports from `apache-arrow` are fine: they are erased.
 */
export const arrow = require('apache-arrow') as typeof Arrow;

interface BoolAssembler {
  visitBool: (this: unknown, data: Arrow.Data<Arrow.Bool>) => unknown;
  omnigraphAllNullBoolPatch?: true;
}

/**
 * Arrow's IPC writer emits an empty values buffer for a Bool array whose every slot is null,
 * and Lance's reader rejects it ("Need at least N bytes for bitmap"). Writing a zero-filled
 * values buffer instead is valid Arrow, so the writer is patched once per process. The patch
 * lives on the shared CommonJS module, so Lance's own serialization of our tables uses it.
 */
function patchAllNullBoolWriter(): void {
  const assemblerModule = require('apache-arrow/visitor/vectorassembler') as {
    VectorAssembler: { prototype: BoolAssembler };
  };
  const prototype = assemblerModule.VectorAssembler.prototype;
  if (prototype.omnigraphAllNullBoolPatch) return;
  const original = prototype.visitBool;
  prototype.visitBool = function visitBool(data) {
    if (data.length === 0 || data.nullCount < data.length) return original.call(this, data);
    const zeros = new Uint8Array(Math.ceil((data.offset + data.length) / 8));
    // Only the values buffer is taken from this copy; validity comes from the original data.
    const placeholder = arrow.makeData({
      type: data.type,
      offset: data.offset,
      length: data.length,
      nullCount: 0,
      data: zeros,
    });
    return original.call(this, placeholder);
  };
  prototype.omnigraphAllNullBoolPatch = true;
}

patchAllNullBoolWriter();
