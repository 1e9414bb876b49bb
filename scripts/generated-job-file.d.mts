// Types of generated-job-file.mjs, for the tests that use it.

/** A job file of at least `bytes` characters (two planted findings per unit), and how many units it holds. */
export function generateJobFile(bytes: number): { code: string; units: number };
