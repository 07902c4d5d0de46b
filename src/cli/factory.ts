import type { Client } from '../client/client.js';
import { resolveHome } from '../store/paths.js';
import type { IOStreams } from './io.js';

/** Options every command understands, set on the root `guru` command. */
export interface GlobalOptions {
  home?: string;
  input?: boolean;
  color?: boolean;
}

/**
 * What commands depend on, as lazy getters (gh `cmdutil.Factory`): nothing heavy is loaded
 * until a command actually asks for it, which keeps `guru --help` fast.
 */
export interface Factory {
  io: IOStreams;
  home(): string;
  client(): Promise<Client>;
  now(): Date;
}

export class CliFactory implements Factory {
  private globals: GlobalOptions = {};

  constructor(
    readonly io: IOStreams,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** Called once commander has parsed the global flags. */
  configure(globals: GlobalOptions): void {
    this.globals = globals;
    this.io.configure({ color: globals.color, input: globals.input });
  }

  home(): string {
    return resolveHome(this.globals.home, this.env);
  }

  async client(): Promise<Client> {
    const { localClient } = await import('../client/local.js');
    return localClient(this.home());
  }

  now(): Date {
    return new Date();
  }
}
