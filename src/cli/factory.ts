import type { Client } from '../client/client.js';
import type { Identity } from '../client/connect.js';
import type { DaemonClient } from '../client/http.js';
import type { Target } from '../client/target.js';
import { resolveHome } from '../store/paths.js';
import type { IOStreams } from './io.js';
import { packageVersion } from './version.js';
import { t } from '../i18n/translate.js';

/** Options every command understands, set on the root `guru` command. */
export interface GlobalOptions {
  home?: string;
  input?: boolean;
  color?: boolean;
  /** `--server HOST:PORT`: a remote Guru server instead of this machine's data dir. */
  server?: string;
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
  /**
   * Where commands go: this machine's data dir, or a server (`--server`, `GURU_SERVER`, the
   * default profile). `client()` and `daemon()` follow it, so commands need not know.
   */
  target(): Promise<Target>;
  /**
   * For commands that only make sense on this machine (`daemon run|start|stop`, `init`, `demo`):
   * a usage error when a server was asked for, and the default profile is ignored.
   */
  localOnly(command: string): Promise<void>;
  version(): string;
  now(): Date;
}

export class CliFactory implements Factory {
  private globals: GlobalOptions = {};
  private onlyLocal = false;

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
    return adminClient(await this.connectOptions());
  }

  async daemon(identity: Identity, actAs?: string): Promise<DaemonClient> {
    const { daemonClient } = await import('../client/connect.js');
    return daemonClient(await this.connectOptions(), identity, actAs);
  }

  // Read afresh each time, like the local session file: a login (the inbox's login screen) is
  // seen by the next client.
  async target(): Promise<Target> {
    if (this.onlyLocal) return { kind: 'local', home: this.home() };
    const { resolveTarget } = await import('../client/target.js');
    return resolveTarget({ server: this.globals.server, homeGiven: this.globals.home !== undefined, home: this.home(), env: this.env });
  }

  async localOnly(command: string): Promise<void> {
    const { notRemote } = await import('../client/target.js');
    const refusal = notRemote(command, await this.target());
    if (refusal) throw refusal;
    this.onlyLocal = true;
  }

  version(): string {
    return packageVersion();
  }

  now(): Date {
    return new Date();
  }

  private async connectOptions() {
    const target = await this.target();
    return {
      target,
      home: this.home(),
      version: this.version(),
      env: this.env,
      onVersionMismatch: (theirs: string) =>
        this.io.err(
          target.kind === 'server'
            ? `${t`warning: this guru is ${this.version()} but the server ${target.server} runs ${theirs} — upgrade the older one`}\n`
            : `${t`warning: this guru is ${this.version()} but the daemon runs ${theirs} — restart it: \`guru daemon stop && guru daemon start\``}\n`,
        ),
      onNotice: (message: string) => this.io.err(`${message}\n`),
    };
  }
}
