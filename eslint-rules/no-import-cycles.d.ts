import type { Rule } from 'eslint';
import type { ImportGraph } from './import-graph.js';

export declare function createNoImportCyclesRule(
  graphOf: (srcRoot: string) => ImportGraph,
): Rule.RuleModule;
export declare const noImportCyclesRule: Rule.RuleModule;
