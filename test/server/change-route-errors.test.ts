import { describe, expect, it } from 'vitest';
import { changeRouteError } from '../../src/server/change-route-errors.js';
import { OmniError } from '../../src/util/omni-error.js';

describe('the change-route error allowlist', () => {
  it('passes cursor rejections, missing branches, gaps, refusals and named limits', () => {
    const passing = [
      new OmniError('bad_request', 'change cursor rejected: malformed cursor'),
      new OmniError('bad_request', 'cursor, start, and page_token are mutually exclusive'),
      new OmniError('not_found', "branch 'x' not found", { details: { branch: 'x' } }),
      new OmniError('change_feed_gap', 'change feed gap: …'),
      new OmniError('change_diff_refusal', 'commit … has no parent'),
      new OmniError('forbidden', 'denied'),
      new OmniError('resource_limit', 'resource limit exceeded for change_feed_commits_per_poll', {
        details: {
          resource_limit: { resource: 'change_feed_commits_per_poll', limit: 512, actual: 600 },
        },
      }),
    ];
    for (const error of passing) expect(changeRouteError(error)).toBe(error);
  });

  it('hides everything else behind one message, keeping the original as the cause', () => {
    const leaky = [
      new OmniError('not_found', 'object /srv/graphs/people/_tables/node_person.lance not found'),
      new OmniError('permanent', 'storage failed at s3://bucket/key'),
      new OmniError('bad_request', 'graph file:///srv/x was opened read-only'),
      new OmniError('resource_limit', 'resource limit exceeded for ordered_scan_memory_bytes', {
        details: { resource_limit: { resource: 'ordered_scan_memory_bytes', limit: 1, actual: 2 } },
      }),
      new Error('lance: /srv/x'),
    ];
    for (const error of leaky) {
      const mapped = changeRouteError(error);
      expect(mapped.code).toBe('internal');
      expect(mapped.message).toBe('internal error while reading changes');
      expect(mapped.cause).toBe(error);
    }
    const recovery = changeRouteError(
      new OmniError('recovery_required', 'recovery required for operation op-1: /srv/x', {
        details: { operation_id: 'op-1' },
      }),
    );
    expect(recovery.code).toBe('recovery_required');
    expect(recovery.message).toBe('recovery required before changes can be read');
  });
});
