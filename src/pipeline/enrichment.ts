import type { EventTemplate, LogEvent } from '../core/log-event.js';
import { RequestParse } from '../input/request-parse.js';
import type { TemplateMiner } from '../templates/template-miner.js';

/**
 * The pipeline's enrichment stage: the facts several detectors read, computed once per record and
 * put on the event before any detector runs: `event.template` (the one shared miner learns the
 * message) and `event.request` (the access-log line, parsed on first use, at most once).
 */
export class Enrichment {
  private request: RequestParse | undefined;
  /** True when `apply` has anything to do. */
  active: boolean;

  constructor(
    private readonly miner: TemplateMiner | undefined,
    readsRequests: boolean,
  ) {
    this.request = readsRequests ? new RequestParse() : undefined;
    this.active = miner !== undefined || readsRequests;
  }

  /** Turn request parsing on (a detector reading requests was added). */
  readRequests(): void {
    this.request ??= new RequestParse();
    this.active = true;
  }

  /** Enrich `event`; returns its template (undefined when templates are not mined). */
  apply(event: LogEvent): EventTemplate | undefined {
    const req = this.request;
    if (req !== undefined) {
      req.reset(event.message);
      event.request = req;
    }
    if (this.miner === undefined) return undefined;
    const t = this.miner.add(event.message);
    event.template = t;
    return t;
  }
}
