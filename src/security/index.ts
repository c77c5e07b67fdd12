export { InjectionDetector, DEFAULT_INJECTION_FIELDS, type InjectionDetectorOptions, type InjectionStats, type InjectionMessageMode } from './injection-detector.js';
export { Normalizer, normalize, type Normalized, type NormalizerOptions } from './normalize.js';
export { unwrapLookups } from './lookup-unwrap.js';
export { parseAccessLine, parseAccessLogTime, emptyAccessRequest, type AccessRequest } from '../input/request-line.js';
export { SqlTokenizer } from './sql-tokenizer.js';
export { SqliAnalyser } from './sqli.js';
export { XssAnalyser } from './xss.js';
export { TraversalAnalyser } from './traversal.js';
export { CommandInjectionAnalyser } from './command-injection.js';
export { JndiAnalyser } from './jndi.js';
export { TemplateInjectionAnalyser } from './template-injection.js';
export { XxeAnalyser } from './xxe.js';
export { LdapAnalyser } from './ldap.js';
export { CodeInjectionAnalyser } from './code-injection.js';
export { HeaderInjectionAnalyser } from './header-injection.js';
export { HitList, SCORE, INJECTION_CATEGORIES, type InjectionCategory, type Analyser } from './rule-hit.js';

export { BruteForceDetector, DEFAULT_FAILURE_PHRASES, isFailedAuthEvent, type BruteForceDetectorOptions, type BruteForceState, type FailureMatcher } from './brute-force.js';
export { ScannerDetector, type ScannerDetectorOptions, type ScannerState, type ScanMatcher, type DistinctReader } from './scanner.js';
export { ClientTable } from './client-table.js';
export { RecordClock, type RecordClockState } from './record-clock.js';
export { DistinctWindow } from './distinct-window.js';
export { clientFromMessage } from './client-address.js';
export { DEFAULT_CLIENT_FIELDS } from './record-view.js';

import { BruteForceDetector, type BruteForceDetectorOptions } from './brute-force.js';
import { InjectionDetector, type InjectionDetectorOptions } from './injection-detector.js';
import { ScannerDetector, type ScannerDetectorOptions } from './scanner.js';

/**
 * Factories for the security detectors:
 * `Security.injection({...})` ({@link InjectionDetector}, signal `injection_attempt`),
 * `Security.bruteForce({...})` ({@link BruteForceDetector}, signal `brute_force`),
 * `Security.scanner({...})` ({@link ScannerDetector}, signal `scanner`).
 */
export const Security = {
  injection: (options?: InjectionDetectorOptions): InjectionDetector => new InjectionDetector(options),
  bruteForce: (options?: BruteForceDetectorOptions): BruteForceDetector => new BruteForceDetector(options),
  scanner: (options?: ScannerDetectorOptions): ScannerDetector => new ScannerDetector(options),
} as const;
