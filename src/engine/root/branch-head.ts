import { z } from 'zod';
import {
  corruptObject,
  parseStoredJson,
  readJsonIfExists,
  writeJson,
  type JsonObject,
  type JsonShape,
} from '../../storage/json-object.js';
import type { ObjectStore } from '../../storage/object-store.js';
import { PutModes } from '../../storage/object-store.js';
import { OmniError } from '../../util/omni-error.js';
import { GraphKeys } from './graph-layout.js';

/**
 * A branch head: the branch's current commit. Replacing it with a compare-and-swap on its
 * etag is the one and only publish point of a write.
 */
export interface BranchHead {
  readonly branch: string;
  /** Unique per creation of this name; deleting and recreating a branch changes it. */
  readonly incarnation: string;
  /** Lance branch this graph branch writes its tables on (`main` for the main branch). */
  readonly lanceBranch: string;
  /** Where the branch was forked from; null for main. */
  readonly forkedFrom: { readonly branch: string; readonly commitId: string } | null;
  readonly commitId: string;
}

const BRANCH_HEAD: JsonShape<BranchHead> = {
  name: 'branch head',
  schema: z.object({
    branch: z.string().min(1),
    incarnation: z.string().min(1),
    lanceBranch: z.string().min(1),
    forkedFrom: z.object({ branch: z.string().min(1), commitId: z.string().min(1) }).nullable(),
    commitId: z.string().min(1),
  }),
};

/**
 * Reads a head with its etag, or undefined when the branch does not exist. A head that does
 * not parse, or names another branch, is a `corrupt branch head` error.
 */
export async function readHead(
  store: ObjectStore,
  branch: string,
): Promise<JsonObject<BranchHead> | undefined> {
  const key = GraphKeys.head(branch);
  const head = await readJsonIfExists(store, key, BRANCH_HEAD);
  if (head !== undefined) requireBranch(head.value, branch, key);
  return head;
}

/** Decodes the stored bytes of the head of `branch`, checked as {@link readHead} checks them. */
export function parseHead(bytes: Uint8Array, branch: string): BranchHead {
  const key = GraphKeys.head(branch);
  return requireBranch(parseStoredJson(bytes, key, BRANCH_HEAD), branch, key);
}

function requireBranch(head: BranchHead, branch: string, key: string): BranchHead {
  if (head.branch !== branch) {
    throw corruptObject(BRANCH_HEAD.name, key, `it names branch '${head.branch}'`);
  }
  return head;
}

/** Reads a head, or fails with `not_found` naming the branch. */
export async function requireHead(
  store: ObjectStore,
  branch: string,
): Promise<JsonObject<BranchHead>> {
  const head = await readHead(store, branch);
  if (!head)
    throw new OmniError('not_found', `branch '${branch}' not found`, { details: { branch } });
  return head;
}

/** Creates a new head; `conflict` when the branch already exists. */
export async function createHead(store: ObjectStore, head: BranchHead): Promise<string> {
  try {
    return await writeJson(store, GraphKeys.head(head.branch), head, PutModes.create);
  } catch (error) {
    if (error instanceof OmniError && error.code === 'precondition_failed') {
      throw new OmniError('conflict', `branch '${head.branch}' already exists`, {
        details: { branch: head.branch },
      });
    }
    throw error;
  }
}

/**
 * Moves a head to a new commit if it is still at `etag`. Losing the race is a `conflict`:
 * another writer published first.
 */
export async function publishHead(
  store: ObjectStore,
  head: BranchHead,
  etag: string,
): Promise<string> {
  try {
    return await writeJson(store, GraphKeys.head(head.branch), head, PutModes.ifMatch(etag));
  } catch (error) {
    if (error instanceof OmniError && error.code === 'precondition_failed') {
      throw new OmniError(
        'conflict',
        `branch '${head.branch}' moved while this write was being prepared; retry`,
        {
          details: { branch: head.branch },
        },
      );
    }
    throw error;
  }
}
