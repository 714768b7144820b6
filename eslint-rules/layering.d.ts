import type { Rule } from 'eslint';

export declare const LAYERS: readonly string[];
export declare function allowed(from: string, to: string): boolean;
export declare const layeringRule: Rule.RuleModule;
