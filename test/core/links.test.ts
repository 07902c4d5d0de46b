import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LinkStates } from '../../src/core/context.js';
import { Engine } from '../../src/core/engine.js';
import type { LinkEvent } from '../../src/core/link.js';
import { OWNER, type Actor } from '../../src/core/model.js';
import { openStores } from '../../src/store/open.js';
import type { FileStores } from '../../src/store/store.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { join } from 'node:path';

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
  linkState() {
    return 'unlinked' as const;
  }
  async link(phone: string, pairingCode: boolean, listener: (event: LinkEvent) => void) {
    this.calls.push(`link ${phone} ${pairingCode}`);
    this.listener = listener;
    return async () => void this.calls.push(`stop ${phone}`);
  }
  async unlink(phone: string) {
    this.calls.push(`unlink ${phone}`);
  }
}

describe('linking phones is an engine operation', () => {
  let dir: string;
  let store: FileStores;
  let links: ScriptedLinks;
  let engine: Engine;

  beforeEach(async () => {
    dir = await makeTempDir('guru-links-');
    store = await openStores({ kind: 'files', home: join(dir, 'data'), lock: 'per-write', create: true });
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
    await engine.links(OWNER).unlink(PHONE);
    expect(links.calls).toEqual([`link ${PHONE} false`, `unlink ${PHONE}`]);
    expect(await phoneAudit()).toEqual([
      { time: AT.toISOString(), actor: 'owner', action: 'phone.link_failed', target: PHONE, details: { reason: 'wrong_number' } },
      { time: AT.toISOString(), actor: 'owner', action: 'phone.unlink', target: PHONE },
    ]);
  });

  it('without a daemon, linking says it needs one', async () => {
    const bare = new Engine({ stores: store });
    await expect(bare.links(OWNER).unlink(PHONE)).rejects.toMatchObject({ code: 'daemon_unreachable', message: /guru daemon start/ });
  });
});
