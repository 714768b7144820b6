import type { Rule } from 'eslint';

export declare const clusterFsRule: Rule.RuleModule;
