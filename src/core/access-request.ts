/** The parts of an HTTP access-log line (Apache/nginx common or combined format, nginx error log). */
export interface AccessRequest {
  /** `GET`, `POST`, ... ('' when absent). */
  method: string;
  /** The request target as logged: path and query. */
  target: string;
  /** Target before `?`. */
  path: string;
  /** Target after `?` ('' when none). */
  query: string;
  /** `HTTP/1.1`, or '' when the line has none (malformed requests). */
  protocol: string;
  /** Response status code, 0 when the line has none (error log). */
  status: number;
  /** Client address: the first field of an access line, `client: X` of an nginx error line. */
  clientIp: string;
  /** Authenticated user of an access line ('' when `-`). */
  user: string;
  referer: string;
  userAgent: string;
  /** The bracketed time of an access line (`10/Oct/2000:13:55:36 -0700`), '' when absent. */
  timeText: string;
}
