/**
 * A long step shown while it lasts (Spark start, each job): on a terminal a spinner with the
 * elapsed seconds, redrawn in place; elsewhere (a CI log, a pipe) a plain line every 15 s, so a
 * log shows the step is alive without thousands of redraws. Timers are unref'd: an activity
 * never keeps the process alive.
 */
export interface ActivityStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ActivityOptions {
  stream?: ActivityStream;
  /** Spinner redraw period on a terminal. */
  frameMs?: number;
  /** Period of the plain "still running" lines elsewhere. */
  plainMs?: number;
  now?: () => number;
  /** Not on a terminal, write `<label>...` when the activity starts (a terminal sees the spinner). */
  announce?: boolean;
}

export interface Activity {
  /** Ends the spinner (clears its line) and returns the seconds elapsed. */
  stop(): number;
}

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const CLEAR_LINE = '\r\u001b[2K';

export function startActivity(label: string, options: ActivityOptions = {}): Activity {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const started = now();
  const seconds = (): number => (now() - started) / 1000;
  let frame = 0;
  const tty = stream.isTTY === true;
  const tick = tty
    ? () => stream.write(`${CLEAR_LINE}${FRAMES[frame++ % FRAMES.length]} ${label} ${seconds().toFixed(0)}s`)
    : () => stream.write(`${label}: still running after ${seconds().toFixed(0)}s\n`);
  if (tty) tick();
  else if (options.announce) stream.write(`${label}...\n`);
  const timer = setInterval(tick, tty ? (options.frameMs ?? 100) : (options.plainMs ?? 15_000));
  timer.unref();
  let stopped = false;
  return {
    stop() {
      if (!stopped) {
        stopped = true;
        clearInterval(timer);
        if (tty) stream.write(CLEAR_LINE);
      }
      return seconds();
    },
  };
}
