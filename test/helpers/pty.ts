import { spawn, type IPty } from '@lydell/node-pty';
import { GURU_BIN } from './guru.js';

/** The real `guru` in a real pseudo-terminal, with helpers to wait for text and type. */
export class PtySession {
  private output = '';
  private exit: Promise<number>;
  readonly pty: IPty;

  constructor(args: string[], env: NodeJS.ProcessEnv, size = { cols: 100, rows: 30 }) {
    this.pty = spawn(process.execPath, [GURU_BIN, ...args], {
      name: 'xterm-256color',
      ...size,
      env: { ...process.env, ...env } as Record<string, string>,
    });
    this.pty.onData((d) => (this.output += d));
    this.exit = new Promise((resolve) => this.pty.onExit((e) => resolve(e.exitCode)));
  }

  /** Every byte printed so far, exactly as the terminal received it. */
  get raw(): string {
    return this.output;
  }

  /** Everything printed so far, with ANSI escapes removed. */
  get text(): string {
    // biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences start with ESC; matching them is the point
    return this.output.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, '');
  }

  async waitFor(pattern: RegExp | string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const matches = () => (typeof pattern === 'string' ? this.text.includes(pattern) : pattern.test(this.text));
    while (!matches()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; screen so far:\n${this.text}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  type(text: string): void {
    this.pty.write(text);
  }

  exited(): Promise<number> {
    return this.exit;
  }
}
