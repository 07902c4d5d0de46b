import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LinkStates, Notifier, ServerDoor } from '../../src/core/context.js';
import { Engine } from '../../src/core/engine.js';
import { INVITE_TTL_MS, normalizeInviteCode, serverAddress } from '../../src/core/invites.js';
import { OWNER } from '../../src/core/model.js';
import type { Origin } from '../../src/core/origin.js';
import type { Clock, Stores } from '../../src/core/ports.js';
import { ruleStores, testStores } from '../helpers/engine.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { everythingKept, keptState } from '../helpers/raw-store.js';

const PW = 'correct horse battery';
const SP = '+5511999990000';
const RJ = '+5521988880000';
const BIA = '+5511977776666';
const CODE = /[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/;

function testClock(start = Date.parse('2026-12-01T09:00:00.000Z')) {
  let now = start;
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  } satisfies Clock & { advance(ms: number): void };
}

/** Phones as the daemon would report them: `connected` are up; sends are recorded (or fail). */
function phones(connected: string[]) {
  const sent: { phone: string; to: string; text: string }[] = [];
  const links: LinkStates = {
    linkState: (phone) => (connected.includes(phone) ? 'connected' : 'unlinked'),
    linked: async (phone) => connected.includes(phone),
    link: () => Promise.reject(new Error('not in this test')),
    unlink: () => Promise.reject(new Error('not in this test')),
  };
  const control = { failWith: null as string | null };
  const notify: Notifier = {
    whatsapp: async (phone, to, text) => {
      if (control.failWith) throw new Error(control.failWith);
      sent.push({ phone, to, text });
    },
  };
  return { links, notify, sent, control };
}

/** A real engine, with ana the admin, over `ruleStores` or (`files`: what is kept is grepped for codes) this run's durable stores. */
async function invitesEngine(options: { connected?: string[]; door?: ServerDoor | null; files?: boolean } = {}) {
  const dir = await makeTempDir('guru-invites-');
  const home = join(dir, 'data');
  const durable = options.files ? await testStores(home, { lock: 'per-write' }) : null;
  const store: Stores = durable ?? (await ruleStores());
  const clock = testClock();
  const p = phones(options.connected ?? [SP]);
  const engine = new Engine({ stores: store, clock, links: p.links, notify: p.notify, door: () => options.door ?? null });
  const owner = engine.as(OWNER);
  await owner.account.init({ accountName: 'Acme', seats: 10, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: PW });
  await owner.phones.add(SP);
  await owner.phones.add(RJ);
  return {
    dir,
    home,
    store,
    /** With `files`: the stores whose every byte a test may read. */
    durable,
    clock,
    engine,
    owner,
    ...p,
    cleanup: async () => {
      await store.close();
      await removeDir(dir);
    },
  };
}

const codeIn = (text: string) => CODE.exec(text)![0];

describe('invites (engine)', () => {
  let t: Awaited<ReturnType<typeof invitesEngine>>;
  afterEach(() => t.cleanup());

  it('an invited user has no password; the code, sent through a phone, lets them choose one and logs them in — once', async () => {
    t = await invitesEngine({ door: { address: 'guru.acme.com:7433', fingerprint: 'sha256:ab12' } });
    const bia = await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia Lima', whatsapp: '+55 11 97777-6666' });
    expect(bia).toMatchObject({ whatsapp: BIA, passwordSet: false, inviteExpiresAt: null });
    // No password logs in someone who has none yet.
    await expect(t.engine.sessions.login('bia@acme.com', PW)).rejects.toThrow(/wrong email or password/);

    const result = await t.owner.users.invite('bia@acme.com');
    expect(result.delivery).toEqual({ via: 'whatsapp', phone: SP, to: BIA });
    expect(result.expiresAt).toBe(new Date(t.clock.now().getTime() + INVITE_TTL_MS).toISOString());
    expect(t.sent).toHaveLength(1);
    const { text } = t.sent[0]!;
    expect(text).toMatch(/^Olá, Bia! Seu acesso ao Guru \(Acme\):/);
    expect(text).toContain('Servidor: guru.acme.com:7433');
    expect(text).toContain('Impressão digital: sha256:ab12');
    const code = codeIn(text);
    expect(text).toContain(`guru login --server guru.acme.com:7433 --fingerprint sha256:ab12 --email bia@acme.com --invite ${code}`);
    expect((await t.owner.users.show('bia@acme.com')).inviteExpiresAt).toBe(result.expiresAt);

    // Typed by hand: lower case, spaces instead of dashes.
    const typed = code.toLowerCase().replace(/-/g, ' ');
    const session = await t.engine.invites.redeem('bia@acme.com', typed, 'bia-chose-this');
    expect(session.token).toMatch(/^[0-9a-f]{64}$/);
    expect(session.user).toMatchObject({ email: 'bia@acme.com', passwordSet: true, inviteExpiresAt: null });
    expect(await t.engine.sessions.authenticate(session.token, null)).toEqual({ type: 'user', userId: bia.id });
    expect((await t.engine.sessions.login('bia@acme.com', 'bia-chose-this')).user.email).toBe('bia@acme.com');

    // Single use: the same code again is refused like any wrong one, and the password stays.
    const again = t.engine.invites.redeem('bia@acme.com', code, 'someone-else-now');
    await expect(again).rejects.toMatchObject({ code: 'unauthenticated' });
    const wrong = await t.engine.invites.redeem('bia@acme.com', 'AAAA-AAAA-AAAA', 'someone-else-now').then(
      () => 'accepted',
      (e: Error) => e.message,
    );
    await expect(again).rejects.toThrow(wrong);
    expect((await t.engine.sessions.login('bia@acme.com', 'bia-chose-this')).user.email).toBe('bia@acme.com');
  });

  it('without a daemon the message names the address the account says it will listen on, with no fingerprint to pin', async () => {
    t = await invitesEngine({ connected: [] });
    await t.owner.account.set({ listen: 'guru.acme.com:7433' });
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia' });
    const result = await t.owner.users.invite('bia@acme.com');
    expect(result).toMatchObject({ address: 'guru.acme.com:7433', fingerprint: null });
    const text = (result.delivery as { text: string }).text;
    expect(text).toContain('Servidor: guru.acme.com:7433');
    expect(text).not.toContain('Impressão digital');
    expect(text).toMatch(new RegExp(`guru login --server guru\\.acme\\.com:7433 --email bia@acme\\.com --invite ${CODE.source}`));
  });

  it('the code expires after 48 h by the engine clock, with the same answer as a wrong one', async () => {
    t = await invitesEngine();
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', whatsapp: BIA });
    await t.owner.users.invite('bia@acme.com');
    const early = codeIn(t.sent[0]!.text);
    t.clock.advance(INVITE_TTL_MS - 1000);
    await t.owner.users.add({ email: 'caio@acme.com', name: 'Caio', whatsapp: '+5511966665555' });
    await t.owner.users.invite('caio@acme.com');
    const caio = codeIn(t.sent[1]!.text);
    t.clock.advance(2000); // bia's code is now 48 h and a second old; caio's is 1 s old
    const expired = await t.engine.invites.redeem('bia@acme.com', early, 'bia-chose-this').then(
      () => 'accepted',
      (e: Error) => e.message,
    );
    const wrong = await t.engine.invites.redeem('bia@acme.com', 'AAAA-AAAA-AAAA', 'bia-chose-this').then(
      () => 'accepted',
      (e: Error) => e.message,
    );
    const unknown = await t.engine.invites.redeem('nobody@acme.com', early, 'bia-chose-this').then(
      () => 'accepted',
      (e: Error) => e.message,
    );
    expect(expired).toMatch(/does not work for bia@acme\.com/);
    expect(expired).toBe(wrong);
    expect(unknown).toBe(wrong.replace('bia@acme.com', 'nobody@acme.com').replace('bia@acme.com', 'nobody@acme.com'));
    expect((await t.engine.invites.redeem('caio@acme.com', caio, 'caio-chose-this')).user.email).toBe('caio@acme.com');
  });

  it('a new invite makes the earlier code stop working', async () => {
    t = await invitesEngine();
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', whatsapp: BIA });
    await t.owner.users.invite('bia@acme.com');
    await t.owner.users.invite('bia@acme.com');
    const [first, second] = t.sent.map((s) => codeIn(s.text));
    expect(first).not.toBe(second);
    await expect(t.engine.invites.redeem('bia@acme.com', first!, 'bia-chose-this')).rejects.toThrow(/does not work/);
    expect((await t.engine.invites.redeem('bia@acme.com', second!, 'bia-chose-this')).user.email).toBe('bia@acme.com');
  });

  it('only the hash of a code is kept; the audit says it was sent and redeemed, never the code', async () => {
    t = await invitesEngine({ files: true });
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', whatsapp: BIA });
    await t.owner.users.invite('bia@acme.com');
    const code = codeIn(t.sent[0]!.text);
    const state = await keptState(t.durable!);
    expect(state.users.find((u) => u.email === 'bia@acme.com')!.invite!.codeHash).toMatch(/^[0-9a-f]{64}$/);
    await t.engine.invites.redeem('bia@acme.com', code, 'bia-chose-this');
    const kept = await everythingKept(t.durable!, t.home);
    for (const form of [code, code.replace(/-/g, ''), code.toLowerCase()]) expect(kept).not.toContain(form);
    const audit = await t.owner.audit.list();
    const actions = audit.filter((e) => e.target === 'bia@acme.com').map((e) => [e.actor, e.action, e.details?.via]);
    expect(actions).toEqual([
      ['owner', 'user.add', undefined],
      ['owner', 'user.invite', 'whatsapp'],
      ['Bia <bia@acme.com>', 'user.invite.redeem', undefined],
      ['Bia <bia@acme.com>', 'session.login', undefined],
    ]);
    expect(JSON.stringify(audit)).not.toContain(code.replace(/-/g, ''));
  });

  it('the phone that sends is one whose rodízio serves the user or their department, else the first connected', async () => {
    t = await invitesEngine({ connected: [SP, RJ] });
    await t.owner.departments.add('Rio', ['chats.send']);
    await t.owner.roundRobin.add(RJ, 'dept:Rio');
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', whatsapp: BIA, departments: ['Rio'] });
    await t.owner.users.add({ email: 'caio@acme.com', name: 'Caio', whatsapp: '+5511966665555' });
    expect((await t.owner.users.invite('bia@acme.com')).delivery).toMatchObject({ via: 'whatsapp', phone: RJ });
    expect((await t.owner.users.invite('caio@acme.com')).delivery).toMatchObject({ via: 'whatsapp', phone: SP });
  });

  it('without a number, a connected phone or a successful send, the text comes back for the admin (and the audit says so)', async () => {
    t = await invitesEngine({ connected: [] });
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia' });
    const noNumber = await t.owner.users.invite('bia@acme.com');
    expect(noNumber.fingerprint).toBeNull();
    expect(noNumber.delivery).toMatchObject({ via: 'admin', reason: expect.stringMatching(/no WhatsApp number .*--whatsapp/) });
    // No address known: the text says how to get one, and the command has no --server.
    expect(noNumber.address).toBeNull();
    const text = (noNumber.delivery as { text: string }).text;
    expect(text).toContain('Servidor: ainda sem endereço de rede');
    expect(text).toMatch(new RegExp(`guru login --email bia@acme\\.com --invite ${CODE.source}`));

    await t.owner.users.edit('bia@acme.com', { whatsapp: BIA });
    expect((await t.owner.users.invite('bia@acme.com')).delivery).toMatchObject({ via: 'admin', reason: expect.stringMatching(/no phone is connected/) });
    expect(t.sent).toEqual([]);
    await t.cleanup();

    t = await invitesEngine({ connected: [SP] });
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', whatsapp: BIA });
    t.control.failWith = 'WhatsApp did not confirm it within 30 s';
    const failed = await t.owner.users.invite('bia@acme.com');
    expect(failed.delivery).toMatchObject({
      via: 'admin',
      reason: expect.stringMatching(/sending it through \+5511999990000 failed: WhatsApp did not confirm/),
    });
    const code = codeIn((failed.delivery as { text: string }).text);
    expect((await t.owner.audit.list()).map((e) => e.action)).toContain('user.invite.undelivered');
    expect((await t.engine.invites.redeem('bia@acme.com', code, 'bia-chose-this')).user.email).toBe('bia@acme.com');
  });

  it('guessing codes is throttled with logins: after 5 wrong ones even the right code waits', async () => {
    t = await invitesEngine();
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', whatsapp: BIA });
    await t.owner.users.invite('bia@acme.com');
    const code = codeIn(t.sent[0]!.text);
    for (let i = 0; i < 5; i++) await expect(t.engine.invites.redeem('bia@acme.com', `AAAA-AAAA-AAA${i}`, 'bia-chose-this')).rejects.toThrow(/does not work/);
    await expect(t.engine.invites.redeem('bia@acme.com', code, 'bia-chose-this')).rejects.toMatchObject({ code: 'limit' });
    t.clock.advance(61_000);
    expect((await t.engine.invites.redeem('bia@acme.com', code, 'bia-chose-this')).user.email).toBe('bia@acme.com');
  });

  it("over the network, redeem attempts count against the caller's address too, like logins", async () => {
    t = await invitesEngine();
    const burst = (origin: Origin) =>
      Promise.allSettled(Array.from({ length: 40 }, (_, i) => t.engine.invites.redeem(`guess${i}@acme.com`, 'AAAA-AAAA-AAAA', 'bia-chose-this', origin)));
    const reasons = (results: PromiseSettledResult<unknown>[]) => results.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : 'accepted'));
    const remote = reasons(await burst({ kind: 'tcp', address: '203.0.113.9' }));
    expect(remote.filter((m) => /too many logins at once from 203\.0\.113\.9/.test(m)).length).toBeGreaterThan(0);
    // (Past 30 wrong ones from one address in 15 minutes, that address is locked out too.)
    expect(remote.every((m) => /too many logins at once|too many wrong passwords from 203\.0\.113\.9|does not work/.test(m))).toBe(true);
    // The socket is the data dir's own OS user: throttled per email only.
    expect(reasons(await burst({ kind: 'socket' })).every((m) => /does not work/.test(m))).toBe(true);
  });

  it('who may invite: "users.manage", and only someone they could take over; never a disabled user', async () => {
    t = await invitesEngine();
    await t.owner.users.add({ email: 'gil@acme.com', name: 'Gil', password: PW, permissions: ['users.manage'] });
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', whatsapp: BIA, permissions: ['chats.view_all'] });
    await t.owner.users.add({ email: 'caio@acme.com', name: 'Caio', whatsapp: '+5511966665555' });
    const gil = t.engine.as({ type: 'user', userId: (await t.owner.users.show('gil@acme.com')).id });
    await expect(gil.users.invite('ana@acme.com')).rejects.toMatchObject({ code: 'permission_denied' });
    await expect(gil.users.invite('bia@acme.com')).rejects.toThrow(/chats\.view_all/);
    expect((await gil.users.invite('caio@acme.com')).delivery.via).toBe('whatsapp');
    await t.owner.users.disable('caio@acme.com');
    await expect(t.owner.users.invite('caio@acme.com')).rejects.toThrow(/disabled — enable it first/);
    expect(t.sent).toHaveLength(1);
  });

  it('a password set another way ends the pending invite', async () => {
    t = await invitesEngine();
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', whatsapp: BIA });
    await t.owner.users.invite('bia@acme.com');
    await t.owner.users.passwd('bia@acme.com', 'set-by-the-admin');
    await expect(t.engine.invites.redeem('bia@acme.com', codeIn(t.sent[0]!.text), 'bia-chose-this')).rejects.toThrow(/does not work/);
  });

  it('a malformed code or a too-short password is refused before anything is tried', async () => {
    t = await invitesEngine();
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', whatsapp: BIA });
    await t.owner.users.invite('bia@acme.com');
    const code = codeIn(t.sent[0]!.text);
    await expect(t.engine.invites.redeem('bia@acme.com', '1234', 'bia-chose-this')).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(t.engine.invites.redeem('bia@acme.com', code, 'short')).rejects.toThrow(/password is too short/);
    expect(t.engine.sessions.throttle.retryAfterMs('bia@acme.com')).toBe(0);
    expect((await t.engine.invites.redeem('bia@acme.com', code, 'bia-chose-this')).user.email).toBe('bia@acme.com');
  });
});

describe('invite codes and addresses', () => {
  it('codes are read as people type them: any case, spaces, O for 0, I and L for 1', () => {
    expect(normalizeInviteCode(' k7qf 9xmb-2pda ')).toBe('K7QF9XMB2PDA');
    expect(normalizeInviteCode('OIL0-1111-AAAA')).toBe('01101111AAAA');
    expect(() => normalizeInviteCode('K7QF-9XMB')).toThrow(/12 letters and digits/);
    expect(() => normalizeInviteCode('K7QF-9XMB-2PD!')).toThrow(/not an invite code/);
  });

  it("the address is the account's public one, else where the daemon listens — not a wildcard, nor a proxy's plain back end", () => {
    const account = { name: 'Acme', seats: 1, createdAt: '' };
    const door = (address: string, fingerprint: string | null = 'sha256:00'): ServerDoor => ({ address, fingerprint });
    expect(serverAddress({ ...account, publicAddress: 'guru.acme.com:7433' }, door('10.0.0.2:7433'))).toBe('guru.acme.com:7433');
    expect(serverAddress(account, door('10.0.0.2:7433'))).toBe('10.0.0.2:7433');
    expect(serverAddress(account, door('0.0.0.0:7433'))).toBeNull();
    expect(serverAddress(account, door('[::]:7433'))).toBeNull();
    expect(serverAddress(account, door('127.0.0.1:7433'))).toBe('127.0.0.1:7433');
    expect(serverAddress(account, door('127.0.0.1:7433', null))).toBeNull(); // --no-tls behind a proxy
    expect(serverAddress(account, null)).toBeNull();
    // No daemon running: the account's listen setting, as the daemon will open it.
    expect(serverAddress({ ...account, listen: 'guru.acme.com:7433' }, null)).toBe('guru.acme.com:7433');
    expect(serverAddress({ ...account, listen: '0.0.0.0:7433' }, null)).toBeNull();
    expect(serverAddress({ ...account, listen: '0.0.0.0:7433' }, door('10.0.0.2:7433'))).toBe('10.0.0.2:7433');
  });
});
