import type { Client } from '../client/client.js';
import type { Identity } from '../client/connect.js';
import type { DaemonClient } from '../client/http.js';
import { resolveHome } from '../store/paths.js';
import type { IOStreams } from './io.js';
import { packageVersion } from './version.js';

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
  env: NodeJS.ProcessEnv;
  home(): string;
  /** The engine's operations: through the daemon when it runs, in-process otherwise. */
  client(): Promise<Client>;
  /** The daemon's API itself, for commands that need the daemon (exit 3 without one). */
  daemon(identity: Identity, actAs?: string): Promise<DaemonClient>;
  version(): string;
  now(): Date;
}

export class CliFactory implements Factory {
  private globals: GlobalOptions = {};

  constructor(
    readonly io: IOStreams,
    readonly env: NodeJS.ProcessEnv = process.env,
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
    const { adminClient } = await import('../client/connect.js');
    return adminClient(this.connectOptions());
  }

  async daemon(identity: Identity, actAs?: string): Promise<DaemonClient> {
    const { daemonClient } = await import('../client/connect.js');
    return daemonClient(this.connectOptions(), identity, actAs);
  }

  version(): string {
    return packageVersion();
  }

  now(): Date {
    return new Date();
  }

  private connectOptions() {
    return {
      home: this.home(),
      version: this.version(),
      env: this.env,
      onVersionMismatch: (theirs: string) =>
        this.io.err(`warning: this guru is ${this.version()} but the daemon runs ${theirs} — restart it: \`guru daemon stop && guru daemon start\`\n`),
      onNotice: (message: string) => this.io.err(`${message}\n`),
    };
  }
}
