import type { Rule } from 'eslint';

export declare const engineEntryRule: Rule.RuleModule;
