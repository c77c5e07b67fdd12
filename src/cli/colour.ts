/**
 * Whether to write ANSI colours to `stream`, by the common conventions: `FORCE_COLOR` set to
 * anything but `0` or `false` forces them (even into a pipe), a non-empty `NO_COLOR` turns them off,
 * and otherwise a terminal that supports colours gets them (`tty.WriteStream.hasColors()`, which
 * reads `TERM` and friends). Checked once per command.
 */
export function useColour(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return stream.isTTY === true && (typeof stream.hasColors !== 'function' || stream.hasColors(env));
}
