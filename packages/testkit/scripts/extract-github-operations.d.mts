// Types of extract-github-operations.mjs, for the tests that import it.
export declare const GITHUB_OPERATIONS: Array<[method: string, path: string]>;
export declare const OUTPUT: string;
export declare function resolveRefs<T>(node: T, root: unknown, stack?: string[]): T;
export declare function extractOperation(spec: unknown, method: string, path: string): unknown;
export declare function extractGitHubOperations(): string;
