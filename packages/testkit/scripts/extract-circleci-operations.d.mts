// Types of extract-circleci-operations.mjs, for the tests that import it.
export declare const CIRCLECI_OPERATIONS: Array<[method: string, path: string]>;
export declare const SOURCE: string;
export declare const OUTPUT: string;
export declare function extractCircleCIOperations(): string;
