import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { AnyDeclaration, Declaration, Needs, Schema } from '../api/declare.js';
import { ENGINE_OPERATIONS, SERVICE_OPERATIONS, type ServiceName, type ServiceOperationTable } from '../api/operations.js';
import { ACT_AS_HEADER } from '../api/protocol.js';
import { invokeOperation, type Engine } from '../core/engine.js';
import { denied, GuruError, invalid } from '../core/errors.js';
import type { Actor } from '../core/model.js';
import type { Origin } from '../core/origin.js';
import { zodIssueText } from '../i18n/zod-issues.js';
import { Router, STREAMING, type Request } from './http.js';
import { ndjsonStream, type EventSink, type StreamBounds } from './ndjson.js';
import { t } from '../i18n/translate.js';

/** Anyone calling an operation that needs no credentials (logging in): only where they came from. */
export interface Visitor {
  /** The local socket, or a TCP peer's address (what the throttles count by). */
  origin: Origin;
}

/** Who is calling, as the router established it from the request's credentials. */
export interface Caller extends Visitor {
  actor: Actor;
  /** The bearer token it came with (the owner token or a login session's). */
  token: string;
}

/** How the daemon implements one of its own operations, typed by the declaration. */
export type Implementation<D> =
  D extends Declaration<infer Args, infer Result, infer _I, infer _O, infer N, infer S>
    ? S extends true
      ? (caller: Caller, args: Args, out: EventSink<Result>) => Promise<() => unknown>
      : (caller: N extends 'nobody' ? Visitor : Caller, ...args: Args) => Promise<Result>
    : never;

export type ServiceImplementations = { [K in ServiceName]: Implementation<ServiceOperationTable[K]> };

export interface RouterDeps {
  version: string;
  engine: Engine;
  ownerToken: string;
  services: ServiceImplementations;
  /** Told which requests proved who they are (the request log summarises the others). */
  markAuthenticated(req: IncomingMessage): void;
  /** How far a stream's reader may fall behind before it is dropped (none: unbounded). */
  streamBounds?: StreamBounds;
}

/** Lets a module add operations beside the declared ones (the in-memory transport's test controls). */
export interface RouteHook {
  serve<D extends Declaration<unknown[], unknown, Schema, Schema, Needs, false>>(declaration: D, run: Implementation<D>): void;
}

/**
 * The daemon's one handler table, derived from the declarations in `src/api/operations.ts`:
 * each route authenticates as its declaration needs, validates and decodes the request by its
 * schema, and hands the call to the engine (or, for sessions, status and streams, to the
 * daemon's implementation). Which permission an operation needs is the engine's business.
 */
export function buildRouter(deps: RouterDeps): { router: Router; hook: RouteHook } {
  const router = new Router(deps.version);
  const { engine } = deps;
  // Tests check every answer against its declared schema; production trusts the engine's types
  // (a list of 10k chats, the watch stream: validating them would cost more than serving them).
  const checkOutput = process.env.GURU_CHECK_OUTPUT === '1';

  // Which credentials count from where (the owner token and `--as` only on the socket) is the
  // engine's rule: the router only says where the request came from.
  const authenticate = async (req: Request): Promise<Caller> => {
    const { origin } = req;
    if (!req.token) throw new GuruError('unauthenticated', t`no credentials — log in with \`guru login\``);
    const actor = await engine.sessions.authenticate(req.token, deps.ownerToken, origin);
    if (!actor) throw new GuruError('unauthenticated', t`your session has expired or was revoked — log in again with \`guru login\``);
    deps.markAuthenticated(req.raw);
    const actAs = req.raw.headers[ACT_AS_HEADER];
    if (typeof actAs !== 'string' || actAs === '') return { actor, token: req.token, origin };
    return { actor: await engine.sessions.actAs(actor, actAs, origin), token: req.token, origin };
  };

  const authorize = async (needs: Needs, req: Request): Promise<Caller | Visitor> => {
    if (needs === 'nobody') return { origin: req.origin };
    const caller = await authenticate(req);
    if (needs === 'owner' && caller.actor.type !== 'owner') throw denied(t`only the installation owner may do this`);
    return caller;
  };

  type Run = (caller: Caller | Visitor, args: unknown[], out: EventSink<unknown> | null) => Promise<unknown>;
  const serve = (declaration: AnyDeclaration, run: Run) => {
    const input = declaration.input?.(z);
    const output = checkOutput ? declaration.output(z) : null;
    const options = { ...(declaration.upload ? { upload: declaration.upload } : {}), ...(declaration.download ? { download: true } : {}) };
    router.add(
      declaration.method,
      declaration.path,
      async (req, res) => {
        // Credentials first: not one byte of an upload is read for a caller who has none.
        const caller = await authorize(declaration.needs, req);
        const args = declaration.decode(decode(input, req) as never, req.params, req.bytes);
        if (!declaration.stream) {
          const result = await run(caller, args, null);
          if (output) check(output, result, declaration);
          return result;
        }
        const stream = ndjsonStream<unknown>(res, deps.streamBounds ?? null);
        const sink = output ? { ...stream, send: (event: unknown) => stream.send(check(output, event, declaration)) } : stream;
        const stop = (await run(caller, args, sink)) as () => unknown;
        stream.open();
        // The caller hanging up ends the stream (and cancels a link that has not completed).
        if (res.writableEnded) void stop();
        else res.on('close', () => void stop());
        return STREAMING;
      },
      options,
    );
  };

  for (const [name, declaration] of Object.entries(ENGINE_OPERATIONS) as [string, AnyDeclaration][]) {
    const [noun, verb] = name.split('.') as [string, string];
    // Engine operations all need a session: the caller is always a Caller here.
    serve(declaration, (caller, args) => invokeOperation(engine.as((caller as Caller).actor), noun, verb, args));
  }
  const services = deps.services as Record<ServiceName, (...a: unknown[]) => Promise<unknown>>;
  for (const [name, declaration] of Object.entries(SERVICE_OPERATIONS) as [ServiceName, AnyDeclaration][]) {
    const run = services[name];
    serve(declaration, (caller, args, out) => (declaration.stream ? run(caller, args, out) : run(caller, ...args)));
  }

  const hook: RouteHook = {
    serve: (declaration, run) => {
      const call = run as (...a: unknown[]) => Promise<unknown>;
      serve(declaration as AnyDeclaration, (caller, args) => call(caller, ...args));
    },
  };
  return { router, hook };
}

/** The request's params, query and body, checked against the operation's schema. */
function decode(schema: Schema | undefined, req: Request): unknown {
  if (!schema) return {};
  // zod's words in the caller's language (a schema's own message in it already).
  const result = schema.safeParse({ params: req.params, query: req.query, body: req.body ?? {} }, { error: zodIssueText });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const [part, ...path] = issue.path;
  // Which part was wrong, then the field as sent and zod's words (already in the caller's language).
  const what = `${path.length > 0 ? `${path.join('.')}: ` : ''}${issue.message}`;
  if (part === 'body') throw invalid(t`invalid request body — ${what}`);
  if (part === 'query') throw invalid(t`invalid query — ${what}`);
  if (part === 'params') throw invalid(t`invalid path — ${what}`);
  throw invalid(t`invalid request — ${what}`);
}

/** With GURU_CHECK_OUTPUT=1: an answer that does not fit its declared schema is a bug, loudly. */
function check<T>(schema: Schema, value: T, declaration: AnyDeclaration): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new Error(`${declaration.method} ${declaration.path} answered outside its schema: ${issue.path.join('.')}: ${issue.message}`);
  }
  return value;
}
