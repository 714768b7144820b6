import type { Rule } from 'eslint';

export declare const PACKAGE_OWNERS: ReadonlyMap<string, readonly string[]>;
export declare const packageOwnerRule: Rule.RuleModule;
