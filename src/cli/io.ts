import { Chalk, type ChalkInstance } from 'chalk';
import { jsonForTerminal, sanitiseText } from './sanitise.js';

interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Where raw bytes can go: a stream that says when it can take more. */
interface ByteSink {
  write(chunk: Uint8Array): boolean;
  once(event: 'drain' | 'error' | 'close', listener: (err?: Error) => void): unknown;
  off(event: 'drain' | 'error' | 'close', listener: (err?: Error) => void): unknown;
}

interface InStream extends AsyncIterable<Buffer | string> {
  isTTY?: boolean;
}

export interface IOSettings {
  /** --no-color */
  color?: boolean;
  /** --no-input */
  input?: boolean;
}

/** The few styles commands use; the IO applies them after sanitising, so data can never carry its own. */
export type Style = 'bold' | 'red' | 'green';

/**
 * Cursor moves of our own (never data): back to the start of the line, the same and clear that
 * line (a progress bar redrawn), or up N lines and clear below.
 */
export type CursorMove = 'line-start' | 'clear-line' | { up: number };

/**
 * The one place that knows about the terminal: whether stdout/stdin are TTYs, whether colour
 * is on (NO_COLOR, FORCE_COLOR, TERM=dumb, --no-color) and whether prompting is allowed.
 * Results go to stdout, messages to stderr (gh `iostreams`).
 *
 * It is also the output boundary: everything written through `out`/`err` is sanitised
 * (`sanitise.ts`) — no control or escape sequence from a customer or a name reaches the
 * terminal raw — and colour is applied here, after sanitising. `json` keeps the exact text.
 */
export class IOStreams {
  private chalk: ChalkInstance;
  private promptsAllowed = true;

  constructor(
    readonly stdin: InStream,
    readonly stdout: OutStream,
    readonly stderr: OutStream,
    readonly env: NodeJS.ProcessEnv,
  ) {
    this.chalk = new Chalk({ level: this.colorWanted(true) ? 1 : 0 });
  }

  static system(): IOStreams {
    return new IOStreams(process.stdin, process.stdout, process.stderr, process.env);
  }

  configure(settings: IOSettings): void {
    this.chalk = new Chalk({ level: this.colorWanted(settings.color !== false) ? 1 : 0 });
    this.promptsAllowed = settings.input !== false;
  }

  get isStdoutTTY(): boolean {
    return this.stdout.isTTY === true;
  }

  get isStdinTTY(): boolean {
    return this.stdin.isTTY === true;
  }

  /** Prompt only when a person can answer: both ends are terminals and --no-input is absent. */
  canPrompt(): boolean {
    return this.promptsAllowed && this.isStdinTTY && this.isStdoutTTY;
  }

  terminalWidth(): number {
    return this.stdout.columns ?? 80;
  }

  /** Text for stdout, sanitised (line breaks and tabs kept), in `style` when colour is on. */
  out(text: string, style?: Style): void {
    this.stdout.write(this.paint(sanitiseText(text), style));
  }

  /** Text for stderr, sanitised like `out`. */
  err(text: string, style?: Style): void {
    this.stderr.write(this.paint(sanitiseText(text), style));
  }

  /** `value` as JSON on stdout (pretty, or one line per value for streams): the exact text, escaped. */
  json(value: unknown, layout: 'pretty' | 'line' = 'pretty'): void {
    this.stdout.write(`${jsonForTerminal(value, layout === 'pretty' ? 2 : undefined)}\n`);
  }

  /**
   * A file's bytes on stdout, unsanitised (`guru chat media --stdout`), at the pace stdout takes
   * them. Never for a terminal: the caller refuses that first (raw bytes would drive it).
   */
  async bytes(source: AsyncIterable<Uint8Array>): Promise<void> {
    if (this.isStdoutTTY) throw new Error('raw bytes are never written to a terminal');
    const out = this.stdout as unknown as ByteSink;
    for await (const chunk of source) {
      if (out.write(chunk)) continue;
      await new Promise<void>((resolve, reject) => {
        const done = (err?: Error) => {
          out.off('drain', done);
          out.off('error', done);
          out.off('close', done);
          if (err) reject(err);
          else resolve();
        };
        out.once('drain', done);
        out.once('error', done);
        out.once('close', done);
      });
    }
  }

  /** Moves the cursor on a terminal (redrawing a QR or a progress bar); nothing when piped. */
  cursor(move: CursorMove): void {
    if (!this.isStdoutTTY) return;
    this.stdout.write(move === 'line-start' ? '\r' : move === 'clear-line' ? '\r\u001b[2K' : `\u001b[${move.up}A\u001b[J`);
  }

  /** All of stdin as text (for --password-stdin and --stdin). */
  async readStdin(): Promise<string> {
    let text = '';
    for await (const chunk of this.stdin) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    return text;
  }

  private paint(text: string, style: Style | undefined): string {
    return style ? this.chalk[style](text) : text;
  }

  private colorWanted(flag: boolean): boolean {
    if (!flag || 'NO_COLOR' in this.env || this.env.TERM === 'dumb') return false;
    if (this.env.FORCE_COLOR !== undefined && this.env.FORCE_COLOR !== '0') return true;
    return this.isStdoutTTY;
  }
}
