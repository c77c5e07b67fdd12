/** Exit codes of `logsignal` (documented in the README). */
export const EXIT = Object.freeze({
  /** Scanned; no signal at or above `--fail-on` (or no `--fail-on`). */
  ok: 0,
  /** A signal at or above `--fail-on` was found. */
  signals: 1,
  /** Bad usage or configuration: unknown option, bad value, invalid config file. Nothing was scanned. */
  usage: 2,
  /** An input could not be read (missing, unreadable, binary, too large); the others were scanned. */
  input: 3,
  /** `--otlp`: some records could not be delivered to the endpoint. */
  otlp: 4,
  /** The output could not be written: stdout (a full disk, an I/O error; a closed pipe is not an error), `--report`, `--json-report`. */
  output: 5,
  /** A bug in logsignal (the message asks for a report). */
  internal: 70,
});
