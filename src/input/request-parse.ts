import type { AccessRequest } from '../core/access-request.js';
import type { EventRequest } from '../core/log-event.js';
import { emptyAccessRequest, parseAccessLine } from './request-line.js';

/**
 * The {@link EventRequest} of the record being analysed: its message's access-log line, parsed on
 * the first `get()` of the record and kept for the other readers (so a line is parsed at most once
 * per record). One object is reused for every record: `reset` binds it to the next message.
 */
export class RequestParse implements EventRequest {
  private message = '';
  private parsed = true;
  private req: AccessRequest | undefined;
  private readonly scratch = emptyAccessRequest();
  /** Messages parsed so far (at most one per record). */
  parses = 0;

  /** Bind to the next record's message. */
  reset(message: string): void {
    this.message = message;
    this.parsed = false;
  }

  get(): AccessRequest | undefined {
    if (!this.parsed) {
      this.parsed = true;
      const m = this.message;
      this.parses++;
      this.req = m.indexOf('"') >= 0 ? parseAccessLine(m, this.scratch) : undefined;
    }
    return this.req;
  }
}
