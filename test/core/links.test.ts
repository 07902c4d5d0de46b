import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LinkStates } from '../../src/core/context.js';
import { Engine } from '../../src/core/engine.js';
import type { LinkEvent } from '../../src/core/link.js';
import { OWNER, type Actor, type LinkState } from '../../src/core/model.js';
import type { DurableStores } from '../../src/store/open.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { waitFor } from '../helpers/wait.js';
import { join } from 'node:path';
import { testStores } from '../helpers/engine.js';

const PHONE = '+5511999990000';
const PW = 'correct horse battery';
const AT = new Date('2031-02-03T04:05:06.000Z');

/**
 * The daemon's side of linking, reduced to its port: it records what the engine asks and lets
 * the test play WhatsApp's answers (QR, linked, failed).
 */
class ScriptedLinks implements LinkStates {
  calls: string[] = [];
  listener: ((event: LinkEvent) => void) | null = null;
  /** Phones with a paired device, and the state each reports. */
  devices = new Map<string, LinkState>();
  /** Whether an unlink reaches WhatsApp (the phone is connected). */
  reachable = true;
  linkState(phone: string): LinkState {
    return this.devices.get(phone) ?? 'unlinked';
  }
  async linked(phone: string) {
    return this.devices.has(phone);
  }
  async link(phone: string, pairingCode: boolean, listener: (event: LinkEvent) => void) {
    this.calls.push(`link ${phone} ${pairingCode}`);
    this.listener = listener;
    return async () => void this.calls.push(`stop ${phone}`);
  }
  async unlink(phone: string) {
    this.calls.push(`unlink ${phone}`);
    this.devices.delete(phone);
    return { loggedOut: this.reachable };
  }
}

describe('linking phones is an engine operation', () => {
  let dir: string;
  let store: DurableStores;
  let links: ScriptedLinks;
  let engine: Engine;

  beforeEach(async () => {
    dir = await makeTempDir('guru-links-');
    store = await testStores(join(dir, 'data'), { lock: 'per-write' });
    links = new ScriptedLinks();
    engine = new Engine({ stores: store, links, clock: { now: () => AT } });
    const owner = engine.as(OWNER);
    await owner.account.init({ accountName: 'Acme', seats: 10, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: PW });
    await owner.phones.add(PHONE);
    await owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: PW });
    await owner.users.add({ email: 'caio@acme.com', name: 'Caio', password: PW, permissions: ['phones.manage'] });
  });

  afterEach(async () => {
    await store.close();
    await removeDir(dir);
  });

  const actorOf = async (email: string): Promise<Actor> => ({ type: 'user', userId: (await engine.as(OWNER).users.show(email)).id });
  const phoneAudit = async () => (await store.audit.list({})).filter((e) => e.action.startsWith('phone.') && e.action !== 'phone.add');

  it('without phones.manage, linking and unlinking are refused before any transport is touched', async () => {
    const bia = engine.links(await actorOf('bia@acme.com'));
    const accepted: string[] = [];
    await expect(
      bia.link(
        PHONE,
        false,
        () => undefined,
        () => accepted.push('accepted'),
      ),
    ).rejects.toMatchObject({ code: 'permission_denied', message: /phones\.manage/ });
    expect(accepted).toEqual([]);
    await expect(bia.unlink(PHONE)).rejects.toMatchObject({ code: 'permission_denied' });
    expect(links.calls).toEqual([]);
    expect(await phoneAudit()).toEqual([]);
  });

  it('an unknown phone is not found (for a manager), and nothing is linked', async () => {
    await expect(engine.links(OWNER).link('+5521977770000', false, () => undefined)).rejects.toMatchObject({ code: 'not_found' });
    expect(links.calls).toEqual([]);
  });

  it('a manager links: events are passed on, the outcome is audited once at the engine clock’s time', async () => {
    const seen: LinkEvent[] = [];
    const accepted: string[] = [];
    const stop = await engine.links(await actorOf('caio@acme.com')).link(
      PHONE,
      true,
      (e) => seen.push(e),
      () => accepted.push(`accepted with ${links.calls.length} calls`),
    );
    expect(accepted).toEqual(['accepted with 0 calls']); // told before WhatsApp is asked
    expect(links.calls).toEqual([`link ${PHONE} true`]);
    links.listener!({ type: 'pairing-code', code: 'ABCD-1234' });
    links.listener!({ type: 'linked', number: PHONE });
    links.listener!({ type: 'failed', reason: 'error', message: 'late noise' }); // after the outcome: dropped
    expect(seen.map((e) => e.type)).toEqual(['pairing-code', 'linked']);
    await new Promise((r) => setTimeout(r, 50)); // the audit append settles
    expect(await phoneAudit()).toEqual([{ time: AT.toISOString(), actor: 'Caio <caio@acme.com>', action: 'phone.link', target: PHONE, details: {} }]);
    await stop();
    expect(links.calls.at(-1)).toBe(`stop ${PHONE}`);
  });

  it('a failed link is audited with its reason; unlinking is audited too', async () => {
    await engine.links(OWNER).link(PHONE, false, () => undefined);
    links.listener!({ type: 'failed', reason: 'wrong_number', message: 'scanned +5511000000000' });
    // The failure is audited as the event comes, in the background: it is there before anyone unlinks.
    await waitFor(async () => (await phoneAudit()).length === 1);
    links.devices.set(PHONE, 'connected'); // linked since
    expect(await engine.links(OWNER).unlink(PHONE)).toEqual({ ok: true, loggedOut: true });
    expect(links.calls).toEqual([`link ${PHONE} false`, `unlink ${PHONE}`]);
    expect(await phoneAudit()).toEqual([
      { time: AT.toISOString(), actor: 'owner', action: 'phone.link_failed', target: PHONE, details: { reason: 'wrong_number' } },
      { time: AT.toISOString(), actor: 'owner', action: 'phone.unlink', target: PHONE, details: { loggedOut: true } },
    ]);
  });

  it('unlinking a phone that is not linked says so and touches nothing; while a link is in course, says to stop it', async () => {
    await expect(engine.links(OWNER).unlink(PHONE)).rejects.toMatchObject({
      code: 'conflict',
      message: `${PHONE} is not linked — nothing to unlink; link it with \`guru phone link ${PHONE}\``,
    });
    links.devices.set('+5511000000000', 'logged_out'); // (another phone's state does not matter)
    await engine.links(OWNER).link(PHONE, false, () => undefined);
    const waiting = links.linkState;
    links.linkState = () => 'waiting_qr';
    await expect(engine.links(OWNER).unlink(PHONE)).rejects.toMatchObject({
      code: 'conflict',
      message: /not linked yet: a `guru phone link` is in course — stop it \(Ctrl-C\)/,
    });
    links.linkState = waiting;
    expect(links.calls).toEqual([`link ${PHONE} false`]);
    expect(await phoneAudit()).toEqual([]);
  });

  it('without a daemon, unlinking a phone with credentials says it needs the daemon; without credentials, that it is not linked', async () => {
    const bare = new Engine({ stores: store });
    await expect(bare.links(OWNER).unlink(PHONE)).rejects.toMatchObject({ code: 'conflict', message: /is not linked/ });
    await store.secrets.phoneCredentials(PHONE).write('{"creds":{}}');
    await expect(bare.links(OWNER).unlink(PHONE)).rejects.toMatchObject({ code: 'daemon_unreachable', message: /guru daemon start/ });
    expect(await store.secrets.phoneCredentials(PHONE).read()).toBe('{"creds":{}}');
  });
});

describe('removing a phone', () => {
  let dir: string;
  let store: DurableStores;
  let links: ScriptedLinks;
  let engine: Engine;

  beforeEach(async () => {
    dir = await makeTempDir('guru-phone-remove-');
    store = await testStores(join(dir, 'data'), { lock: 'per-write' });
    links = new ScriptedLinks();
    engine = new Engine({ stores: store, links, clock: { now: () => AT } });
    const owner = engine.as(OWNER);
    await owner.account.init({ accountName: 'Acme', seats: 10, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: PW });
    await owner.phones.add(PHONE);
    await owner.roundRobin.add(PHONE, 'user:ana@acme.com');
  });

  afterEach(async () => {
    await store.close();
    await removeDir(dir);
  });

  const credentials = () => store.secrets.phoneCredentials(PHONE);
  const snapshot = async () => {
    const state = await store.state.read();
    return { phones: state.phones, roundRobins: state.roundRobins, audit: (await store.audit.list({})).length, credentials: await credentials().read() };
  };

  it('a linked phone: refused without --unlink, and nothing changes (phone, rodízio, credentials, audit, the device)', async () => {
    links.devices.set(PHONE, 'reconnecting'); // linked, though not connected right now
    await credentials().write('{"creds":"paired"}');
    const before = await snapshot();
    await expect(engine.as(OWNER).phones.remove(PHONE)).rejects.toMatchObject({
      code: 'conflict',
      message: `${PHONE} is linked to WhatsApp — to remove it, log its device out too: \`guru phone remove ${PHONE} --unlink\` (its chats are kept)`,
    });
    expect(await snapshot()).toEqual(before);
    expect(links.calls).toEqual([]);
  });

  it('with --unlink: the device is logged out first, then the phone and its rodízio go; both audited', async () => {
    links.devices.set(PHONE, 'connected');
    const removed = await engine.as(OWNER).phones.remove(PHONE, { unlink: true });
    expect(removed).toMatchObject({ number: PHONE, unlinked: true, loggedOut: true });
    expect(links.calls).toEqual([`unlink ${PHONE}`]);
    const state = await store.state.read();
    expect(state.phones).toEqual([]);
    expect(state.roundRobins).toEqual([]);
    const audit = (await store.audit.list({})).filter((e) => e.target === PHONE && e.action !== 'phone.add' && e.action !== 'round_robin.add');
    expect(audit.map((e) => [e.action, e.details])).toEqual([
      ['phone.unlink', { loggedOut: true }],
      ['phone.remove', { unlinked: true }],
    ]);
  });

  it('an unlinked phone is removed as before, and what an unfinished link left on disk goes with it', async () => {
    await credentials().write('{"creds":"half a link"}');
    links.devices.clear();
    expect(await engine.as(OWNER).phones.remove(PHONE)).toMatchObject({ unlinked: false, loggedOut: false });
    expect(links.calls).toEqual([]);
    expect(await credentials().read()).toBeNull();
  });

  it('a number added again starts without the credentials of before (it is linked with a QR)', async () => {
    await engine.as(OWNER).phones.remove(PHONE);
    await credentials().write('{"creds":"left by an older version"}');
    await engine.as(OWNER).phones.add(PHONE);
    expect(await credentials().read()).toBeNull();
  });

  it('without a daemon: a phone with credentials counts as linked — refused, and --unlink needs the daemon; nothing changes', async () => {
    const bare = new Engine({ stores: store });
    await credentials().write('{"creds":"paired"}');
    const before = await snapshot();
    await expect(bare.as(OWNER).phones.remove(PHONE)).rejects.toMatchObject({ code: 'conflict', message: /--unlink/ });
    await expect(bare.as(OWNER).phones.remove(PHONE, { unlink: true })).rejects.toMatchObject({ code: 'daemon_unreachable', message: /guru daemon start/ });
    expect(await snapshot()).toEqual(before);
  });
});
