import type { z } from 'zod';
import type { ByteSource } from '../core/bytes.js';
import type { Operations } from '../core/engine.js';

/**
 * How an API operation is declared: once, here-typed, in `operations.ts`. The client encodes a
 * call from it, the daemon's router matches, authenticates, validates and decodes by it — so
 * the engine's signature, the wire and the validation cannot drift apart: each declaration is
 * checked by the compiler against the function that implements it.
 *
 * Schemas are functions of `z` so that importing a declaration loads no zod: the CLI's fast
 * paths (`guru user list`) never pay for it; the daemon builds every schema once at start.
 */
export type Zod = typeof z;
export type Schema = z.ZodType;
export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * Who may call. `session`: any authenticated caller (owner token or login session) — which
 * permission the operation needs is then the engine's to check, never the router's.
 * `owner`: only the installation's owner token. `nobody`: no credentials at all (logging in).
 */
export type Needs = 'nobody' | 'session' | 'owner';

/** A request on the wire: path parameters, query (strings) and JSON body — or, on an upload route, raw bytes. */
export interface Wire {
  params?: Record<string, string>;
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Upload routes: the request body, streamed as it is read (never JSON). */
  bytes?: ByteSource;
  /** Upload routes: how many bytes `bytes` yields, when known (sent as content-length; lets the daemon refuse early). */
  size?: number;
}

/**
 * Upload routes: the request body is raw bytes streamed to the handler — not read first, not
 * parsed as JSON — after the caller is authenticated; more than `maxBytes` fails the handler's
 * read of it and answers 413. Its query and path still travel (and are validated) as usual.
 */
export interface Upload {
  maxBytes: number;
}

/** No query, no body (anything sent along is ignored). */
export type NoInput = z.ZodType<object, object>;

export interface Declaration<
  Args extends unknown[],
  // biome-ignore lint/correctness/noUnusedVariables: Result types the implementation and the client (read back by DeclaredResult)
  Result,
  I extends Schema,
  O extends Schema = Schema,
  N extends Needs = Needs,
  S extends boolean = boolean,
> {
  method: Method;
  /** `:name` segments are path parameters (strings; see `input` to validate them further). */
  path: string;
  needs: N;
  /** An NDJSON stream of `Result` events instead of one JSON answer. */
  stream: S;
  /** The request body is raw bytes (see `Upload`); `encode` puts them in `bytes`, `decode` gets them. */
  upload?: Upload;
  /**
   * The answer is raw bytes: `Result` is a `ByteStream`, sent as its content-type,
   * content-length and file name (content-disposition) headers and the bytes as the body.
   */
  download?: true;
  /**
   * The request's shape: `{ params?, query?, body? }`. What arrives is parsed with it before
   * anything else runs: a number where a string belongs is a 400, never a crash.
   */
  input?: (z: Zod) => I;
  /** The answer's (or each streamed event's) shape; see `outputs.ts`. */
  output: (z: Zod) => O;
  /** Client side: the call's arguments as a request. */
  encode(...args: Args): Wire & z.input<I>;
  /** Daemon side: the validated request as the call's arguments; `bytes` is an upload's body. */
  decode(input: z.output<I>, params: Record<string, string>, bytes: ByteSource): Args;
}

/** A declaration with its types erased, as the router and the client walk the table. */
export interface AnyDeclaration {
  method: Method;
  path: string;
  needs: Needs;
  stream: boolean;
  upload?: Upload;
  download?: true;
  input?: (z: Zod) => Schema;
  output: (z: Zod) => Schema;
  encode(...args: never[]): Wire;
  decode(input: never, params: Record<string, string>, bytes: ByteSource): unknown[];
}

type Fn = (...args: never[]) => unknown;
type ArgsOf<F> = F extends (...args: infer A) => unknown ? A : never;
type ResultOf<F> = F extends (...args: never[]) => Promise<infer R> ? R : never;

/** `users.add`, `chats.send`, …: every engine operation by noun and verb. */
export type EngineOperationName = { [N in keyof Operations]: `${N & string}.${keyof Operations[N] & string}` }[keyof Operations];
type EngineFn<K extends EngineOperationName> = K extends `${infer N extends keyof Operations}.${infer V}`
  ? V extends keyof Operations[N]
    ? Operations[N][V] extends Fn
      ? Operations[N][V]
      : never
    : never
  : never;
export type EngineArgs<K extends EngineOperationName> = ArgsOf<EngineFn<K>>;
export type EngineResult<K extends EngineOperationName> = ResultOf<EngineFn<K>>;

/** Declares an engine operation: its arguments and result are the engine function's own. */
export function engineOperation<K extends EngineOperationName, I extends Schema = NoInput, O extends Schema = Schema>(
  _name: K,
  declaration: Omit<Declaration<EngineArgs<K>, EngineResult<K>, I, O, 'session', false>, 'needs' | 'stream'> & Fits<EngineResult<K>, O>,
): Declaration<EngineArgs<K>, EngineResult<K>, I, O, 'session', false> {
  // Any authenticated caller may ask; the engine decides with the permission it checks.
  return { ...declaration, needs: 'session', stream: false };
}

/** A compile error on `output` unless what the implementation returns fits the declared schema. */
type Fits<Result, O extends Schema> = [Result] extends [z.output<O>] ? unknown : { output: 'the result type does not fit this output schema' };

/**
 * Declares an operation the daemon serves itself (sessions, status, streams): `Args` and
 * `Result` are written here, and the daemon's implementation is checked against them.
 */
export function serviceOperation<Args extends unknown[], Result, N extends Needs = 'session', S extends boolean = false>() {
  return <I extends Schema = NoInput, O extends Schema = Schema>(
    declaration: Declaration<Args, Result, I, O, N, S> & Fits<Result, O>,
  ): Declaration<Args, Result, I, O, N, S> => declaration;
}

export type DeclaredArgs<D> = D extends Declaration<infer A, infer _R, infer _I, infer _O, infer _N, infer _S> ? A : never;
export type DeclaredResult<D> = D extends Declaration<infer _A, infer R, infer _I, infer _O, infer _N, infer _S> ? R : never;

/** Fills `:name` segments, percent-encoding each value (phone numbers carry a `+`). */
export function buildPath(path: string, params: Record<string, string> = {}, query: Record<string, string | undefined> = {}): string {
  const filled = path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
  const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined));
  const qs = search.toString();
  return qs ? `${filled}?${qs}` : filled;
}
