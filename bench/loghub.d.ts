/** The eight loghub 2k samples. */
export declare const LOGHUB_SYSTEMS: readonly ['BGL', 'HDFS', 'Thunderbird', 'Apache', 'OpenSSH', 'Linux', 'Proxifier', 'Spark'];
/** The labelled sets: their alert lines start with a category, normal lines with `- `. */
export declare const LOGHUB_LABELLED: readonly string[];
/** Where the samples are: `dir` if given, else env `LOGHUB_DIR`, else `../shared/datasets/loghub` beside the project. */
export declare function loghubDir(dir?: string): string;
/** RFC 4180 CSV rows of fields. */
export declare function parseCsv(text: string): string[][];
/** Column `name` of a CSV with a header row; throws naming `file` when absent. */
export declare function column(rows: string[][], name: string, file: string): string[];
/** One system's structured CSV (null when absent); `corrected`: loghub-2.0's EventTemplate column, or null. */
export declare function loghubStructured(name: string, dir?: string): { file: string; content: string[]; eventIds: string[]; templates: string[]; corrected: string[] | null } | null;
/** The raw lines of one system's `<name>_2k.log` (empty lines dropped); null when absent. */
export declare function loghubLines(name: string, dir?: string): string[] | null;
/** Grouping accuracy: the share of items whose predicted group is exactly their true group. */
export declare function groupingAccuracy(predicted: readonly string[], truth: readonly string[]): number;
