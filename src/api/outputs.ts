import type { ByteSource } from '../core/bytes.js';
import { PERMISSIONS } from '../core/permissions.js';
import { TAG_COLOURS, WEEKDAYS } from '../core/model.js';
import type { Zod } from './declare.js';

/**
 * What the API answers, as zod schemas (functions of `z`, so importing this loads no zod).
 * The engine's views are TypeScript types in `src/core`; `operations.ts` checks at compile
 * time that each engine result fits its schema here, so the two cannot drift. The daemon's own
 * answers (status) take their types from here. Schemas are not run over answers in production
 * (a list of 10k chats, the watch stream): tests do (`GURU_CHECK_OUTPUT=1`).
 */
const LINK_STATES = ['unlinked', 'waiting_qr', 'waiting_code', 'pairing', 'syncing', 'connected', 'reconnecting', 'logged_out', 'replaced'] as const;

export const ok = (z: Zod) => z.object({ ok: z.literal(true) });
/** A download's answer as the engine hands it over (its fields become headers, `body` the bytes). */
export const byteStream = (z: Zod) =>
  z.object({
    contentType: z.string(),
    size: z.number().int().nonnegative(),
    fileName: z.string().nullable(),
    body: z.custom<ByteSource>((value) => typeof value === 'object' && value !== null && Symbol.asyncIterator in value, 'expected a byte stream'),
  });
/** An uploaded file: its name in the media store, its size, its type as told from its content. */
export const uploaded = (z: Zod) => z.object({ sha256: z.string(), size: z.number().int().nonnegative(), mimetype: z.string() });
/** An unlink: done, and whether WhatsApp itself was told (it can only be over a live connection). */
export const unlinked = (z: Zod) => z.object({ ok: z.literal(true), loggedOut: z.boolean() });
const permissions = (z: Zod) => z.array(z.enum(PERMISSIONS));
export const linkState = (z: Zod) => z.enum(LINK_STATES);

/** What presence shows of an agent: connected and available, busy, away, or not connected. */
export const availability = (z: Zod) => z.enum(['online', 'busy', 'away', 'offline']);

export const user = (z: Zod) =>
  z.object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    visibleName: z.string().nullable(),
    role: z.enum(['admin', 'normal']),
    active: z.boolean(),
    online: z.boolean(),
    availability: availability(z),
    permissions: permissions(z),
    effectivePermissions: permissions(z),
    departments: z.array(z.string()),
    whatsapp: z.string().nullable(),
    passwordSet: z.boolean(),
    inviteExpiresAt: z.string().nullable(),
    createdAt: z.string(),
  });

export const invite = (z: Zod) =>
  z.object({
    user: user(z),
    expiresAt: z.string(),
    address: z.string().nullable(),
    fingerprint: z.string().nullable(),
    delivery: z.discriminatedUnion('via', [
      z.object({ via: z.literal('whatsapp'), phone: z.string(), to: z.string() }),
      z.object({ via: z.literal('admin'), reason: z.string(), text: z.string() }),
    ]),
  });

export const account = (z: Zod) =>
  z.object({
    name: z.string(),
    seats: z.number(),
    createdAt: z.string(),
    activeUsers: z.number(),
    freeSeats: z.number(),
    sessionIdleMs: z.number(),
    awayAfterMs: z.number(),
    smtp: z.string().nullable(),
    mailFrom: z.string().nullable(),
    publicAddress: z.string().optional(),
    listen: z.string().optional(),
    mediaQuota: z.number().optional(),
    timeZone: z.string().optional(),
    retention: z.string().optional(),
  });

export const session = (z: Zod) => z.object({ id: z.string(), createdAt: z.string(), lastUsedAt: z.string(), expiresAt: z.string(), source: z.string() });
/** An agent's status (`guru status`). */
export const status = (z: Zod) =>
  z.object({
    email: z.string(),
    name: z.string(),
    status: z.enum(['online', 'busy', 'away']),
    since: z.string().nullable(),
    auto: z.boolean(),
    availability: availability(z),
    awayAfterMs: z.number(),
  });
export const sessionsEnded = (z: Zod) => z.object({ email: z.string(), ended: z.number() });
export const forgot = (z: Zod) => z.object({ ok: z.literal(true), validForMinutes: z.number() });

export const department = (z: Zod) =>
  z.object({
    id: z.string(),
    name: z.string(),
    permissions: permissions(z),
    members: z.array(z.object({ email: z.string(), name: z.string() })),
    createdAt: z.string(),
  });

/** A quick reply (`guru quick`), placeholders unfilled. */
export const quickReply = (z: Zod) =>
  z.object({
    id: z.string(),
    shortcut: z.string(),
    text: z.string(),
    scope: z.enum(['everyone', 'department', 'user']),
    department: z.string().nullable(),
    createdBy: z.object({ email: z.string(), name: z.string() }).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  });
/** A quick reply filled in for one chat (`{cliente}`, `{agente}`). */
export const filledQuickReply = (z: Zod) => z.object({ id: z.string(), shortcut: z.string(), text: z.string() });

const timeRange = (z: Zod) => z.object({ from: z.string(), to: z.string() });
/** A number's opening hours, and whether it is open now (`guru phone hours`). */
export const phoneHours = (z: Zod) =>
  z.object({
    spec: z.string(),
    week: z.partialRecord(z.enum(WEEKDAYS), z.array(timeRange(z))),
    timeZone: z.string(),
    ownTimeZone: z.boolean(),
    holidays: z.array(z.string()),
    reply: z.string().nullable(),
    open: z.boolean(),
    opensAt: z.string().nullable(),
  });
export const phone = (z: Zod) =>
  z.object({
    number: z.string(),
    label: z.string().nullable(),
    linkState: linkState(z),
    reassignWhenAbsent: z.boolean(),
    createdAt: z.string(),
    hours: phoneHours(z).nullable(),
  });
/** A removed phone: whether its device was unlinked with it, and whether WhatsApp was told. */
export const removedPhone = (z: Zod) => phone(z).extend({ unlinked: z.boolean(), loggedOut: z.boolean() });

const target = (z: Zod) => z.object({ type: z.enum(['user', 'department']), ref: z.string(), name: z.string() });
const trail = (z: Zod) =>
  z.array(
    z.object({
      position: z.number(),
      target: target(z),
      outcome: z.enum(['picked', 'skipped']),
      reason: z.enum(['inactive', 'offline', 'disabled', 'busy', 'away', 'at_capacity', 'other_department']).optional(),
      load: z.object({ open: z.number(), max: z.number() }).optional(),
    }),
  );

/** Where a removed user's or department's round-robin entries were. */
export const roundRobinRemovals = (z: Zod) => z.array(z.object({ phone: z.string(), positions: z.array(z.number()) }));

const handoverReason = (z: Zod) => z.enum(['user.remove', 'user.disable', 'department.remove', 'backlog', 'absent', 'bot']);

/** Where the open chats of a removed or disabled user (or a removed department) went. */
export const handover = (z: Zod) =>
  z.object({
    reason: handoverReason(z),
    mode: z.enum(['round-robin', 'unassign']),
    done: z.boolean(),
    chats: z.number(),
    to: z.array(z.object({ assignee: target(z).nullable(), chats: z.array(z.string()) })),
  });

export const roundRobin = (z: Zod) =>
  z.object({
    phone: z.string(),
    lastPicked: z.number().nullable(),
    next: z.number().nullable(),
    entries: z.array(
      z.object({
        position: z.number(),
        target: target(z),
        active: z.boolean(),
        skipOffline: z.boolean(),
        disabled: z.boolean(),
        maxOpen: z.number().nullable(),
      }),
    ),
  });

export const simulation = (z: Zod) =>
  z.object({
    phone: z.string(),
    online: z.array(z.string()),
    busy: z.array(z.string()),
    away: z.array(z.string()),
    decisions: z.array(z.object({ assignee: target(z).extend({ position: z.number() }).nullable(), trail: trail(z) })),
  });

/** A number's menu bot (`guru bot show --json`). */
export const bot = (z: Zod) =>
  z.object({
    phone: z.string(),
    greeting: z.string(),
    options: z.array(z.object({ key: z.string(), label: z.string(), keywords: z.array(z.string()), department: target(z).nullable() })),
    retry: z.string(),
    retries: z.number(),
    timeoutMs: z.number(),
    message: z.string(),
    source: z.string(),
    updatedAt: z.string(),
  });

/** `guru bot test`: the conversation played, and where it would end (the rodízio's next pick, nothing assigned). */
export const botTest = (z: Zod) =>
  z.object({
    phone: z.string(),
    turns: z.array(z.object({ from: z.enum(['bot', 'customer']), text: z.string() })),
    outcome: z
      .object({
        step: z.enum(['matched', 'fallback', 'timeout']),
        department: target(z).nullable(),
        route: z.enum(['rodizio', 'department']),
        decision: z.object({ assignee: target(z).extend({ position: z.number() }).nullable(), trail: trail(z) }).nullable(),
      })
      .nullable(),
  });

/** What `guru chat note` answers: the note, and who its `@names` named (told only if they see the chat). */
export const noteResult = (z: Zod) =>
  z.object({
    note: message(z),
    mentions: z.array(z.object({ email: z.string(), name: z.string(), notified: z.boolean() })),
  });

export const mediaStatus = (z: Zod) =>
  z.object({
    state: z.enum(['pending', 'remote', 'stored', 'unavailable', 'pruned']),
    sha256: z.string().optional(),
    size: z.number().optional(),
    reason: z.string().optional(),
  });

export const message = (z: Zod) =>
  z.object({
    id: z.string(),
    direction: z.enum(['in', 'out', 'note']),
    text: z.string(),
    // Checked shallowly: the kinds of content are the engine's (src/core/chats/content.ts).
    content: z.object({ type: z.string() }),
    time: z.string(),
    author: z.object({ email: z.string(), name: z.string() }).nullable(),
    auto: z.enum(['hours', 'bot']).optional(),
    status: z.enum(['pending', 'sent', 'delivered', 'read', 'failed']).nullable(),
    reason: z.string().optional(),
    media: mediaStatus(z).optional(),
    reactions: z
      .array(
        z.object({
          emoji: z.string(),
          from: z.union([z.enum(['customer', 'phone']), z.object({ email: z.string(), name: z.string() })]),
          time: z.string(),
        }),
      )
      .optional(),
    edited: z.literal(true).optional(),
    original: z.string().optional(),
    deleted: z.literal(true).optional(),
    replyTo: z.object({ id: z.string(), text: z.string().nullable() }).optional(),
  });

export const tag = (z: Zod) =>
  z.object({
    id: z.string(),
    name: z.string(),
    colour: z.enum(TAG_COLOURS),
    createdAt: z.string(),
  });

export const chat = (z: Zod) =>
  z.object({
    id: z.string(),
    phone: z.string(),
    customer: z.string(),
    name: z.string().nullable(),
    fields: z.record(z.string(), z.string()).optional(),
    status: z.enum(['open', 'closed']),
    assignee: target(z).nullable(),
    unread: z.number(),
    lastMessage: message(z).nullable(),
    messageCount: z.number(),
    openedAt: z.string(),
    updatedAt: z.string(),
    tags: z.array(z.object({ id: z.string(), name: z.string(), colour: z.enum(TAG_COLOURS) })),
  });

export const contact = (z: Zod) =>
  z.object({
    customer: z.string(),
    name: z.string().nullable(),
    savedName: z.string().nullable(),
    pushName: z.string().nullable(),
    fields: z.record(z.string(), z.string()),
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
    chats: z.array(z.object({ id: z.string(), phone: z.string(), status: z.enum(['open', 'closed']) })),
  });

/** A message scheduled for later (`ScheduledView`). */
export const scheduled = (z: Zod) =>
  z.object({
    id: z.string(),
    chatId: z.string(),
    phone: z.string(),
    customer: z.string(),
    chatName: z.string().nullable(),
    text: z.string(),
    content: z.object({ type: z.string() }),
    at: z.string(),
    timeZone: z.string(),
    author: z.object({ id: z.string(), email: z.string(), name: z.string() }).nullable(),
    createdAt: z.string(),
  });

export const chatStart = (z: Zod) => z.object({ chat: chat(z), created: z.boolean(), message: message(z).nullable() });

export const chatDetail = (z: Zod) => chat(z).extend({ messages: z.array(message(z)) });

export const why = (z: Zod) =>
  z.object({
    chatId: z.string(),
    cause: z.enum(['new', 'reopen', 'history', 'phone', 'started', 'handover']).nullable(),
    time: z.string().nullable(),
    assignee: target(z).nullable(),
    trail: trail(z),
    waitingSince: z.string().nullable(),
    bot: z.object({ tries: z.number(), since: z.string() }).nullable(),
    steps: z.array(
      z.discriminatedUnion('kind', [
        z.object({
          kind: z.literal('opened'),
          time: z.string(),
          cause: z.enum(['new', 'reopen', 'history', 'phone', 'started']),
          held: z.enum(['hours', 'bot']).nullable(),
          opensAt: z.string().nullable(),
          waiting: z.boolean(),
          assignee: target(z).nullable(),
          trail: trail(z),
        }),
        z.object({
          kind: z.literal('assigned'),
          time: z.string(),
          by: z.string(),
          handover: handoverReason(z).nullable(),
          cause: z.string().nullable(),
          waiting: z.boolean(),
          assignee: target(z).nullable(),
          trail: trail(z),
        }),
        z.object({
          kind: z.literal('bot'),
          time: z.string(),
          step: z.enum(['greeted', 'retry', 'matched', 'fallback', 'timeout']),
          answer: z.string().nullable(),
          department: z.string().nullable(),
          tries: z.number(),
        }),
        z.object({ kind: z.literal('auto_reply'), time: z.string(), auto: z.enum(['hours', 'bot']), messageId: z.string() }),
      ]),
    ),
  });

const durationFigures = (z: Zod) => z.object({ count: z.number(), medianSeconds: z.number().nullable(), p90Seconds: z.number().nullable() });
const conversationFigures = (z: Zod) =>
  z.object({
    opened: z.number(),
    reopened: z.number(),
    closed: z.number(),
    messagesIn: z.number(),
    messagesOut: z.number(),
    firstResponse: durationFigures(z),
    resolution: durationFigures(z),
    waiting: z.object({ count: z.number(), longestSeconds: z.number().nullable() }),
  });
export const report = (z: Zod) =>
  z.object({
    from: z.string(),
    to: z.string(),
    timeZone: z.string(),
    by: z.enum(['agent', 'dept', 'phone', 'day', 'hour']).nullable(),
    rows: z.array(conversationFigures(z).extend({ key: z.string(), label: z.string() })),
    total: conversationFigures(z),
  });

export const teamPanel = (z: Zod) =>
  z.object({
    agents: z.array(
      z.object({
        email: z.string(),
        name: z.string(),
        availability: availability(z),
        open: z.number(),
        waiting: z.number(),
        longestWaitSince: z.string().nullable(),
      }),
    ),
    departments: z.array(z.object({ name: z.string(), open: z.number(), waiting: z.number(), longestWaitSince: z.string().nullable() })),
    unassigned: z.object({ open: z.number(), waiting: z.number(), oldestSince: z.string().nullable() }),
    phones: z.array(z.object({ number: z.string(), label: z.string().nullable(), nextPick: z.string().nullable() })),
  });

export const auditEntry = (z: Zod) =>
  z.object({
    id: z.string().optional(),
    time: z.string(),
    actor: z.string(),
    action: z.string(),
    target: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  });

/** `guru contact export`: everything held about one customer. */
export const customerExport = (z: Zod) =>
  z.object({
    format: z.literal('guru.customer-export/1'),
    exportedAt: z.string(),
    exportedBy: z.string(),
    customer: z.string(),
    aliases: z.array(z.string()),
    contacts: z.array(
      z.object({ customer: z.string(), name: z.string().nullable(), fields: z.record(z.string(), z.string()), updatedAt: z.string(), updatedBy: z.string() }),
    ),
    chats: z.array(chatDetail(z).extend({ routing: why(z) })),
    audit: z.array(auditEntry(z)),
  });

/** What `guru contact erase` would remove. */
export const erasurePreview = (z: Zod) =>
  z.object({
    customer: z.string(),
    chats: z.array(z.object({ id: z.string(), phone: z.string(), name: z.string().nullable(), messages: z.number(), status: z.string() })),
    contact: z.object({ name: z.string().nullable(), fields: z.number() }).nullable(),
  });

/** What the next retention run would erase. */
export const retentionPlan = (z: Zod) =>
  z.object({
    retention: z.string().nullable(),
    cutoff: z.string().nullable(),
    chats: z.array(z.object({ id: z.string(), phone: z.string(), customer: z.string(), name: z.string().nullable(), lastMessageAt: z.string() })),
    customers: z.number(),
  });

/** What `guru contact erase` removed. */
export const erasure = (z: Zod) =>
  z.object({
    customer: z.string(),
    chats: z.number(),
    records: z.number(),
    files: z.number(),
    auditEntries: z.number(),
    logLines: z.number(),
    contact: z.boolean(),
  });

export const whoAmI = (z: Zod) => z.object({ owner: z.boolean(), user: user(z).nullable() });

export const login = (z: Zod) => z.object({ token: z.string(), user: user(z) });

export const phoneStatus = (z: Zod) =>
  z.object({
    number: z.string(),
    label: z.string().nullable(),
    linkState: linkState(z),
    /** The number's policy for a customer writing to an absent agent (`guru phone set --reassign-when-absent`). */
    reassignWhenAbsent: z.boolean().optional(),
    /** While `syncing`: the phone's progress figure (0–100) and the chats and messages taken in so far. */
    sync: z.object({ progress: z.number(), chats: z.number(), messages: z.number() }).nullable().optional(),
  });

export const phoneHealth = (z: Zod) =>
  z.object({
    number: z.string(),
    state: linkState(z),
    since: z.string(),
    connectedSince: z.string().nullable(),
    disconnects: z.object({
      count: z.number(),
      recent: z.array(z.object({ time: z.string(), code: z.number().nullable(), reason: z.string() })),
    }),
    decrypt: z.object({ failed: z.number(), recovered: z.number() }),
    aliases: z.number(),
    history: z.object({ chats: z.number(), messages: z.number(), progress: z.number().nullable() }),
    outbox: z.object({ pending: z.number(), failed: z.number() }),
  });

export const daemonStatus = (z: Zod) =>
  z.object({
    /** pid, paths and watchers: null unless the caller is the owner (the host's business). */
    pid: z.number().nullable(),
    version: z.string(),
    startedAt: z.string(),
    uptimeSeconds: z.number(),
    home: z.string().nullable(),
    socket: z.string().nullable(),
    log: z.string().nullable(),
    /** Where the data is kept: the data dir's files, or a PostgreSQL database (its URL without the password). Owner only. */
    store: z
      .object({ kind: z.enum(['files', 'postgres']), where: z.string() })
      .nullable()
      .optional(),
    /** With several daemons on one database: which daemon (host and pid) holds each number's WhatsApp session. Owner only. */
    leases: z
      .array(z.object({ phone: z.string(), holder: z.string(), here: z.boolean(), live: z.boolean() }))
      .nullable()
      .optional(),
    phones: z.array(phoneStatus(z)),
    watchers: z.number().nullable(),
    online: z.array(z.string()),
    /** What each connected user shows (`online`, `busy`, `away`), by email. */
    availability: z.record(z.string(), availability(z)),
    /** The network door, if the daemon serves one: where, and the certificate clients pin. */
    listen: z.object({ address: z.string(), tls: z.boolean(), fingerprint: z.string().nullable() }).nullable(),
    /** The media files kept against the account's quota, with a warning from 80 % of it on. */
    media: mediaUsage(z).optional(),
  });

export const mediaUsage = (z: Zod) =>
  z.object({ bytes: z.number(), files: z.number(), quota: z.number().nullable(), percent: z.number().nullable(), warning: z.string().nullable() });

export const mediaPrune = (z: Zod) =>
  z.object({
    dryRun: z.boolean(),
    before: z.string(),
    files: z.number(),
    bytes: z.number(),
    messages: z.number(),
    keptShared: z.number(),
  });

const presenceEvent = (z: Zod) =>
  z.object({ type: z.literal('presence'), email: z.string(), online: z.boolean(), status: availability(z), auto: z.literal(true).optional() });
const phoneEvent = (z: Zod) => z.object({ type: z.literal('phone'), phone: z.string(), state: linkState(z) });

export const watchEvent = (z: Zod) =>
  z.discriminatedUnion('type', [
    z.object({
      type: z.literal('snapshot'),
      me: whoAmI(z),
      online: z.array(z.string()),
      availability: z.record(z.string(), availability(z)),
      awayAfterMs: z.number(),
      phones: z.array(phoneStatus(z)),
    }),
    z.object({ type: z.literal('heartbeat'), time: z.string() }),
    z.object({ type: z.literal('chat.hidden'), chatId: z.string() }),
    z.object({ type: z.literal('closed'), reason: z.string(), relogin: z.boolean() }),
    presenceEvent(z),
    phoneEvent(z),
    z.object({ type: z.literal('audit'), entry: auditEntry(z) }),
    z.object({ type: z.literal('chat'), chat: chat(z) }),
    z.object({ type: z.literal('message'), chatId: z.string(), message: message(z), chat: chat(z) }),
    z.object({
      type: z.literal('message.status'),
      chatId: z.string(),
      id: z.string(),
      status: z.enum(['pending', 'sent', 'delivered', 'read', 'failed']),
      reason: z.string().optional(),
    }),
    z.object({ type: z.literal('message.media'), chatId: z.string(), id: z.string(), media: mediaStatus(z) }),
    z.object({
      type: z.literal('mention'),
      chatId: z.string(),
      id: z.string(),
      userId: z.string(),
      by: z.object({ email: z.string(), name: z.string() }).nullable(),
      text: z.string(),
      time: z.string(),
    }),
  ]);

export const linkEvent = (z: Zod) =>
  z.discriminatedUnion('type', [
    z.object({ type: z.literal('qr'), qr: z.string(), validForMs: z.number() }),
    z.object({ type: z.literal('pairing-code'), code: z.string() }),
    z.object({ type: z.literal('state'), state: linkState(z), progress: z.number().optional(), chats: z.number().optional(), messages: z.number().optional() }),
    z.object({ type: z.literal('linked'), number: z.string() }),
    z.object({
      type: z.literal('failed'),
      reason: z.enum(['wrong_number', 'qr_expired', 'logged_out', 'replaced', 'already_linked', 'error']),
      message: z.string(),
    }),
  ]);
