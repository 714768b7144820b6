/**
 * Schema-lint codes the migration planner emits on `unsupported_change` steps
 * (docs/guide/schema-evolution.md). `OG-DS-101`, `OG-DS-105` and `OG-MF-104` are reserved and
 * never emitted.
 */

/** How risky a change is. */
export type LintTier = 'safe' | 'validated' | 'destructive';

/** The codes the planner emits. */
export type LintCode = 'OG-DS-102' | 'OG-DS-103' | 'OG-DS-104' | 'OG-MF-103' | 'OG-MF-106';

/** Tier and meaning of each emitted code. */
export const LINT_CODES: Readonly<
  Record<LintCode, { readonly tier: LintTier; readonly summary: string }>
> = {
  'OG-DS-102': { tier: 'destructive', summary: 'drop a populated node type' },
  'OG-DS-103': { tier: 'destructive', summary: 'drop a populated edge type' },
  'OG-DS-104': { tier: 'destructive', summary: 'drop a property from a populated type' },
  'OG-MF-103': {
    tier: 'validated',
    summary: 'add a required property without a default to a populated type',
  },
  'OG-MF-106': {
    tier: 'destructive',
    summary: 'change a property type (incl. enum narrowing and enum <-> String)',
  },
};
