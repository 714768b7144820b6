import { describe, it } from 'vitest';
import { validateBranchName, validateTableName } from '../../../src/engine/lance/index.js';
import { expectOmniErrorSync } from './fixtures.js';

describe('Lance names', () => {
  it.each(['Person', 'knows_edge', 'a.b-c', 'X1'])('accepts table name %s', (name) => {
    validateTableName(name);
  });

  it.each(['', '.', '..', 'a/b', 'a b', 'ü', 'x'.repeat(201), "t'"])(
    'rejects table name %j',
    (name) => {
      expectOmniErrorSync(() => {
        validateTableName(name);
      }, 'bad_request');
    },
  );

  it.each(['feature', 'team/alice', 'v1.2_rc-3', 'a/b/c'])('accepts branch name %s', (name) => {
    validateBranchName(name);
  });

  it.each(['', 'main', '/x', 'x/', 'a//b', 'a/../b', 'a b', 'a:b', 'x'.repeat(201)])(
    'rejects branch name %j',
    (name) => {
      expectOmniErrorSync(() => {
        validateBranchName(name);
      }, 'bad_request');
    },
  );
});
