export interface SourceEntry {
  readonly mtimeMs: number;
  readonly specifiers: readonly string[];
}

export declare function isGraphed(file: string): boolean;
export declare function importSpecifiers(text: string): string[];
export declare function readSourceTree(
  srcRoot: string,
  previous?: ReadonlyMap<string, SourceEntry>,
): ReadonlyMap<string, SourceEntry>;
export declare function diskImportGraph(srcRoot: string): ImportGraph;

export declare class ImportGraph {
  constructor(specifiersByFile: ReadonlyMap<string, readonly string[]>);
  withFile(file: string, specifiers: readonly string[]): ImportGraph;
  resolve(from: string, spec: string): string | undefined;
  cycleThrough(from: string, to: string): string[] | undefined;
}
