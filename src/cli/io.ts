import { Chalk, type ChalkInstance } from 'chalk';

interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
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

/**
 * The one place that knows about the terminal: whether stdout/stdin are TTYs, whether colour
 * is on (NO_COLOR, FORCE_COLOR, TERM=dumb, --no-color) and whether prompting is allowed.
 * Results go to stdout, messages to stderr (gh `iostreams`).
 */
export class IOStreams {
  color: ChalkInstance;
  private promptsAllowed = true;

  constructor(
    readonly stdin: InStream,
    readonly stdout: OutStream,
    readonly stderr: OutStream,
    readonly env: NodeJS.ProcessEnv,
  ) {
    this.color = new Chalk({ level: this.colorWanted(true) ? 1 : 0 });
  }

  static system(): IOStreams {
    return new IOStreams(process.stdin, process.stdout, process.stderr, process.env);
  }

  configure(settings: IOSettings): void {
    this.color = new Chalk({ level: this.colorWanted(settings.color !== false) ? 1 : 0 });
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

  out(text: string): void {
    this.stdout.write(text);
  }

  err(text: string): void {
    this.stderr.write(text);
  }

  /** All of stdin as text (for --password-stdin and --stdin). */
  async readStdin(): Promise<string> {
    let text = '';
    for await (const chunk of this.stdin) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
    return text;
  }

  private colorWanted(flag: boolean): boolean {
    if (!flag || 'NO_COLOR' in this.env || this.env.TERM === 'dumb') return false;
    if (this.env.FORCE_COLOR !== undefined && this.env.FORCE_COLOR !== '0') return true;
    return this.isStdoutTTY;
  }
}
