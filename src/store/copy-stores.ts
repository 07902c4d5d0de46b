import { createHash, type Hash } from 'node:crypto';
import type { JournalRecord } from '../core/chats/model.js';
import type { ChatJournal } from '../core/chats/ports.js';
import { GuruError } from '../core/errors.js';
import type { State } from '../core/model.js';
import type { SessionRecord } from '../core/ports.js';
import { t } from '../i18n/translate.js';
import type { DurableStores } from './open.js';
import type { SealedSecret } from './secret-key.js';

/** Records, audit entries or contacts written at a time: a journal of millions is never whole in memory. */
const BATCH = 1_000;

/**
 * What an installation holds, counted and summed (sha256) the same way on either kind of store.
 * A journal's and the audit's sums are over their records as JSON lines, in order — what the
 * data dir's files hold, so `sha256sum journal/5511….jsonl` gives the same.
 */
export interface StoresSummary {
  state: { users: number; departments: number; phones: number; sha256: string };
  /** Each number's message journal. */
  journal: { phone: string; records: number; sha256: string }[];
  audit: { count: number; sha256: string };
  contacts: { count: number; sha256: string };
  media: { files: number; bytes: number; sha256: string };
  sessions: { count: number; sha256: string };
  /** WhatsApp credentials and the SMTP settings (their sum is compared, never shown). */
  secrets: { count: number };
}

/** A part of the copy done: what, and how many (records of one number for the journal). */
export interface CopyStep {
  step: 'state' | 'audit' | 'sessions' | 'secrets' | 'contacts' | 'media' | 'journal';
  count: number;
  phone?: string;
}

/** How the two sides are named in messages (never with a password). */
export interface CopyNames {
  from: string;
  to: string;
}

/**
 * Copies everything one installation keeps into empty stores of another kind: the state as it
 * is (no audit entry of its own), the audit trail, login sessions, secrets as stored (an
 * encrypted one stays encrypted, no key needed), contacts, media files (each hashed again on the
 * way in) and each number's journal in order. Journal checkpoints are not copied: the first
 * daemon on the copy replays the journal and takes new ones.
 *
 * Refuses stores that already hold anything, before writing a thing. `from` is only read.
 */
export async function copyStores(
  from: DurableStores,
  to: DurableStores,
  names: CopyNames,
  progress: (step: CopyStep) => void = () => undefined,
): Promise<void> {
  const state = await from.state.read();
  if (!state.account) throw new GuruError('not_initialized', t`${names.from} holds no Guru account — there is nothing to migrate`);
  await requireEmpty(to, names.to);

  const copy = structuredClone(state);
  await to.state.update((draft) => {
    // The whole state, keys in the same order, so it serialises to the same text.
    for (const key of Object.keys(draft)) delete (draft as unknown as Record<string, unknown>)[key];
    Object.assign(draft, copy);
  });
  progress({ step: 'state', count: 1 });

  const entries = await from.audit.list({});
  for (let i = 0; i < entries.length; i += BATCH) await to.audit.append(entries.slice(i, i + BATCH));
  progress({ step: 'audit', count: entries.length });

  const sessions = await from.sessions.list();
  for (const session of sessions) await to.sessions.add(session);
  progress({ step: 'sessions', count: sessions.length });

  const targets = secretsOf(to, state);
  let secrets = 0;
  for (const [i, secret] of secretsOf(from, state).entries()) {
    const { text } = await secret.raw();
    if (text === null) continue;
    await targets[i]!.writeRaw(text);
    secrets += 1;
  }
  progress({ step: 'secrets', count: secrets });

  const contacts = await from.contacts.list();
  for (let i = 0; i < contacts.length; i += BATCH) await Promise.all(contacts.slice(i, i + BATCH).map((c) => to.contacts.put(c)));
  progress({ step: 'contacts', count: contacts.length });

  let files = 0;
  for await (const file of from.media.list()) {
    const kept = await to.media.put(await from.media.open(file.sha256));
    if (kept.sha256 !== file.sha256 || kept.size !== file.size) {
      throw new GuruError(
        'store_unreadable',
        t`media file ${file.sha256.slice(0, 12)}… in ${names.from} does not hold the bytes its name says (${kept.size} bytes hashing to ${kept.sha256.slice(0, 12)}…) — the copy stopped`,
      );
    }
    files += 1;
  }
  progress({ step: 'media', count: files });

  for (const [phone, offsets] of await journalOffsets(from.journal)) {
    // The next batch is read while this one is written: a copy takes the longer of the two, not their sum.
    const readBatch = (at: number) => readRecords(from.journal, phone, offsets.slice(at, at + BATCH));
    let next: Promise<JournalRecord[]> | null = readBatch(0);
    for (let at = 0; next; at += BATCH) {
      const records: JournalRecord[] = await next;
      next = at + BATCH < offsets.length ? readBatch(at + BATCH) : null;
      // Should the write fail, the read ahead is let go of quietly (the write's error is the one told).
      next?.catch(() => undefined);
      await to.journal.append(phone, records);
    }
    progress({ step: 'journal', phone, count: offsets.length });
  }
}

/** Reads at once make a journal on disk read several records in parallel (each is a read at its offset). */
const READS_AT_ONCE = 4;

async function readRecords(journal: ChatJournal, phone: string, offsets: readonly number[]): Promise<JournalRecord[]> {
  const size = Math.ceil(offsets.length / READS_AT_ONCE);
  const parts: Promise<JournalRecord[]>[] = [];
  for (let at = 0; at < offsets.length; at += size) parts.push(journal.read(phone, offsets.slice(at, at + size)));
  return (await Promise.all(parts)).flat();
}

/**
 * Where every record of every number's journal starts. `scan` would hand the records over faster
 * than the other store takes them, with nothing to hold it back; offsets are small, and the
 * records are then read a batch at a time, as the copy writes them. A checkpoint is refused so
 * each journal is replayed from its first record (see JournalVisitor.restore).
 */
async function journalOffsets(journal: ChatJournal): Promise<Map<string, number[]>> {
  const offsets = new Map<string, number[]>();
  await journal.replay({
    restore: () => {
      throw new Error('a copy takes every record, not a checkpoint');
    },
    apply: (phone, _record, offset) => {
      const list = offsets.get(phone);
      if (list) list.push(offset);
      else offsets.set(phone, [offset]);
    },
  });
  return offsets;
}

/**
 * The daemons running on `stores` elsewhere, by name (host and pid): on PostgreSQL, each running
 * daemon says so every lease round (`guru_daemons`), holding numbers or standing by. Files have
 * none: their daemon answers on the data dir's socket.
 */
export async function liveDaemons(stores: DurableStores): Promise<string[]> {
  if (!('leases' in stores)) return [];
  return stores.leases.daemons();
}

/** A copy goes only into stores that hold nothing: it never merges two installations. */
async function requireEmpty(to: DurableStores, name: string): Promise<void> {
  const held: string[] = [];
  if ((await to.state.read()).account) held.push(t`an account`);
  if (await hasRecords(to.journal)) held.push(t`messages`);
  if ((await to.audit.list({})).length > 0) held.push(t`audit entries`);
  if ((await to.contacts.list()).length > 0) held.push(t`contacts`);
  if ((await to.media.usage()).files > 0) held.push(t`media files`);
  if ((await to.sessions.count()) > 0) held.push(t`login sessions`);
  if (held.length > 0) {
    throw new GuruError(
      'conflict',
      t`${name} already holds Guru data (${held.join(', ')}) — nothing was copied; migrate into an empty store: a new schema (postgres://…?schema=new_name) or a data dir without Guru's files`,
    );
  }
}

async function hasRecords(journal: ChatJournal): Promise<boolean> {
  const found = new Error('found');
  try {
    await journal.scan(() => {
      throw found;
    });
    return false;
  } catch (err) {
    if (err === found) return true;
    throw err;
  }
}

/** The secrets an installation has: each number's WhatsApp credentials, then the SMTP settings. */
function secretsOf(stores: DurableStores, state: State): SealedSecret[] {
  return [...state.phones.map((p) => stores.secrets.phoneCredentials(p.number)), stores.secrets.mailSettings()];
}

/**
 * Reads everything `stores` hold and sums it up: what `verifyCopy` compares, and what a
 * migration reports. Streams the journal; the rest is small next to it.
 */
export async function summarise(stores: DurableStores): Promise<StoresSummary & { secretsSha256: string }> {
  const state = await stores.state.read();

  const journal: StoresSummary['journal'] = [];
  let current: { phone: string; records: number; hash: Hash } | null = null;
  const close = () => current && journal.push({ phone: current.phone, records: current.records, sha256: current.hash.digest('hex') });
  await stores.journal.scan((phone, record) => {
    if (current?.phone !== phone) {
      close();
      current = { phone, records: 0, hash: createHash('sha256') };
    }
    current.records += 1;
    current.hash.update(`${JSON.stringify(record)}\n`);
  });
  close();

  const audit = await stores.audit.list({});
  const contacts = (await stores.contacts.list()).sort((a, b) => (a.customer < b.customer ? -1 : a.customer > b.customer ? 1 : 0));
  const sessions = (await stores.sessions.list()).map(canonicalSession).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const media: string[] = [];
  let bytes = 0;
  for await (const file of stores.media.list()) {
    media.push(`${file.sha256} ${file.size}\n`);
    bytes += file.size;
  }
  media.sort();
  const secretTexts: string[] = [];
  for (const secret of secretsOf(stores, state)) secretTexts.push(JSON.stringify((await secret.raw()).text));

  return {
    state: { users: state.users.length, departments: state.departments.length, phones: state.phones.length, sha256: sha256([JSON.stringify(state)]) },
    journal: journal.sort((a, b) => (a.phone < b.phone ? -1 : a.phone > b.phone ? 1 : 0)),
    audit: { count: audit.length, sha256: sha256(audit.map((e) => `${JSON.stringify(e)}\n`)) },
    contacts: { count: contacts.length, sha256: sha256(contacts.map((c) => `${JSON.stringify(c)}\n`)) },
    media: { files: media.length, bytes, sha256: sha256(media) },
    sessions: { count: sessions.length, sha256: sha256(sessions.map((s) => `${JSON.stringify(s)}\n`)) },
    secrets: { count: secretTexts.filter((text) => text !== 'null').length },
    secretsSha256: sha256(secretTexts),
  };
}

/**
 * Sums both sides up and compares them part by part; resolves with the summary when everything
 * is the same, and refuses — naming what differs — otherwise.
 */
export async function verifyCopy(from: DurableStores, to: DurableStores, names: CopyNames): Promise<StoresSummary> {
  const [a, b] = await Promise.all([summarise(from), summarise(to)]);
  const differences: string[] = [];
  const differ = (what: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y)) differences.push(what);
  };
  differ(t`the state`, a.state, b.state);
  const phones = new Set([...a.journal, ...b.journal].map((j) => j.phone));
  for (const phone of [...phones].sort()) {
    const x = a.journal.find((j) => j.phone === phone);
    const y = b.journal.find((j) => j.phone === phone);
    if (x?.records !== y?.records) differences.push(t`the journal of ${phone}: ${x?.records ?? 0} records in the source, ${y?.records ?? 0} in the copy`);
    else differ(t`the journal of ${phone}`, x, y);
  }
  if (a.audit.count !== b.audit.count) differences.push(t`the audit: ${a.audit.count} entries in the source, ${b.audit.count} in the copy`);
  else differ(t`the audit`, a.audit, b.audit);
  differ(t`contacts`, a.contacts, b.contacts);
  differ(t`media files`, a.media, b.media);
  differ(t`login sessions`, a.sessions, b.sessions);
  differ(t`secrets`, [a.secrets, a.secretsSha256], [b.secrets, b.secretsSha256]);
  if (differences.length > 0) {
    throw new GuruError('internal', t`the copy in ${names.to} is not the same as ${names.from}: ${differences.join('; ')}`);
  }
  const { secretsSha256: _sum, ...summary } = a;
  return summary;
}

function sha256(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
}

/** A session's fields in one order, whichever store read it. */
function canonicalSession(s: SessionRecord): SessionRecord {
  return {
    id: s.id,
    tokenHash: s.tokenHash,
    userId: s.userId,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    ...(s.source !== undefined ? { source: s.source } : {}),
  };
}
