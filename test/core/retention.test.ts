import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatIdFor } from '../../src/core/chats/customer.js';
import { Engine, RETENTION_EVERY_MS, RETENTION_FIRST_RUN_MS } from '../../src/core/engine.js';
import { OWNER } from '../../src/core/model.js';
import { parseRetention, retentionCutoff } from '../../src/core/privacy/retention.js';
import type { DurableStores } from '../../src/store/open.js';
import { MemoryTransport } from '../../src/whatsapp/memory-transport.js';
import { engineHandler, journalAgain, testStores } from '../helpers/engine.js';
import { makeTempDir, removeDir } from '../helpers/guru.js';
import { journalText } from '../helpers/raw-store.js';
import { TestClock } from '../helpers/test-clock.js';

const P1 = '+5511999990000';
const P2 = '+5511999990001';
/** Customers, by what becomes of them under `--retention 24mo` on 2026-07-01. */
const OLD = '+5511900000001'; // closed, last message 2024-03: erased whole (contact too)
const OPEN = '+5511900000002'; // the same age, never closed: stays
const BACK = '+5511900000003'; // closed in 2024, came back and closed again in 2026: stays
const SPLIT = '+5511900000004'; // an old closed chat on P1 (goes) and a recent one on P2 (stays, with the contact)
const EDGE = '+5511900000005'; // closed, last message two days after the cutoff: stays (and goes two days later)
const jid = (n: string) => `${n.slice(1)}@s.whatsapp.net`;

/**
 * Retention (`guru account set --retention 24mo`) on a test clock over real stores: the plan lists
 * exactly the closed conversations whose last message is past the limit, the daily run erases
 * exactly those (a customer left with no chat loses their contact too; one with a live chat keeps
 * it), and a run with nothing past the limit changes nothing.
 */
describe('retention', () => {
  let dir: string;
  let store: DurableStores;
  let engine: Engine;
  let clock: TestClock;
  let stop: () => void;
  const owner = () => engine.as(OWNER);

  beforeAll(async () => {
    dir = await makeTempDir('guru-retention-');
    const home = join(dir, 'data');
    store = await testStores(home);
    clock = new TestClock('2024-03-01T12:00:00Z');
    const phones = [new MemoryTransport(P1), new MemoryTransport(P2)];
    engine = new Engine({
      stores: { ...store, journal: journalAgain(store) },
      stateNow: () => store.stateNow(),
      clock,
      conversations: { sender: { send: (phone, to, content, id) => phones.find((p) => p.phone === phone)!.send(to, content, id) } },
    });
    await engine.chats.load();
    for (const wa of phones) await wa.start(engineHandler(engine, wa.phone));
    await owner().account.init({ accountName: 'Acme', seats: 5, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: 'correct horse battery' });
    for (const wa of phones) {
      await owner().phones.add(wa.phone);
      await owner().roundRobin.add(wa.phone, 'user:ana@acme.com');
    }
    const ana = engine.as({ type: 'user', userId: (await owner().users.show('ana@acme.com')).id });
    /** A customer writes, Ana answers and (unless `open`) closes, at the clock's time. */
    const conversation = async (wa: MemoryTransport, customer: string, words: string, open = false) => {
      await wa.inject({
        from: jid(customer),
        content: { type: 'text', text: words },
        time: clock.now().toISOString(),
        pushName: `Cliente ${customer.slice(-1)}`,
      });
      const chat = chatIdFor(wa.phone, customer);
      await ana.chats.send(chat, `Resposta a ${customer}`);
      if (!open) await ana.chats.close(chat);
    };
    const [one, two] = phones as [MemoryTransport, MemoryTransport];
    await conversation(one, OLD, 'pedido antigo de OLD');
    await conversation(one, OPEN, 'pedido antigo de OPEN', true);
    await conversation(one, BACK, 'pedido antigo de BACK');
    await conversation(one, SPLIT, 'pedido antigo de SPLIT no P1');
    await owner().contacts.set(OLD, { name: 'Olga Antiga', fields: { cpf: '111.222.333-44' } });
    await owner().contacts.set(SPLIT, { name: 'Sílvia Split' });
    clock.advance(Date.parse('2024-07-03T12:00:00Z') - clock.now().getTime());
    await conversation(one, EDGE, 'pedido de EDGE');
    clock.advance(Date.parse('2026-06-20T12:00:00Z') - clock.now().getTime());
    await conversation(one, BACK, 'BACK voltou');
    await conversation(two, SPLIT, 'SPLIT no P2');
    clock.advance(Date.parse('2026-07-01T12:00:00Z') - clock.now().getTime());
  }, 60_000);

  afterAll(async () => {
    stop?.();
    await store?.close();
    await removeDir(dir);
  });

  it('a period is 30 days to 100 years, in days, months or years', () => {
    expect(parseRetention(' 24MO ')).toBe('24mo');
    expect(parseRetention('90d')).toBe('90d');
    expect(parseRetention('2y')).toBe('2y');
    for (const bad of ['24m', '29d', '0mo', '101y', '24 meses', '', '-1y']) expect(() => parseRetention(bad), bad).toThrow(/30 days to 100 years/);
    expect(retentionCutoff('24mo', new Date('2026-07-01T12:00:00Z')).toISOString()).toBe('2024-07-01T12:00:00.000Z');
    expect(retentionCutoff('90d', new Date('2026-07-01T12:00:00Z')).toISOString()).toBe('2026-04-02T12:00:00.000Z');
  });

  it('off by default: the plan is empty and a run erases nothing', async () => {
    expect(await owner().retention.plan()).toEqual({ retention: null, cutoff: null, chats: [], customers: 0 });
  });

  it('the plan lists exactly the closed conversations past the limit; the daily run erases exactly those', async () => {
    await owner().account.set({ retention: '24mo' });
    const plan = await owner().retention.plan();
    expect(plan).toMatchObject({ retention: '24mo', cutoff: '2024-07-01T12:00:00.000Z', customers: 1 });
    expect(plan.chats.map((c) => [c.phone, c.customer])).toEqual([
      [P1, OLD],
      [P1, SPLIT],
    ]);

    stop = engine.startRetention();
    clock.advance(RETENTION_FIRST_RUN_MS);
    const auditOf = async () => (await store.audit.list({})).filter((e) => e.action === 'retention.erase');
    for (let i = 0; i < 200 && (await auditOf()).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    const [entry] = await auditOf();
    expect(entry).toMatchObject({ actor: 'guru (retention)', target: '[erased]', details: { chats: 2 } });

    const left = (await owner().chats.list({ all: true, status: 'all' })).map((c) => [c.phone, c.customer]).sort();
    expect(left).toEqual(
      [
        [P1, OPEN],
        [P1, BACK],
        [P1, EDGE],
        [P2, SPLIT],
      ].sort(),
    );
    expect(await store.contacts.get(OLD)).toBeNull();
    expect((await store.contacts.get(SPLIT))?.name).toBe('Sílvia Split');
    const journal = (await journalText(store, P1))!;
    for (const gone of ['pedido antigo de OLD', 'pedido antigo de SPLIT no P1', OLD.slice(1), 'Olga']) expect(journal).not.toContain(gone);
    for (const kept of ['pedido antigo de OPEN', 'pedido antigo de BACK', 'BACK voltou', 'pedido de EDGE']) expect(journal).toContain(kept);
    expect(await journalText(store, P2)).toContain('SPLIT no P2');
    expect((await owner().retention.plan()).chats).toEqual([]);

    // A day later nothing is past the limit: the run erases nothing and writes nothing.
    clock.advance(RETENTION_EVERY_MS);
    await new Promise((r) => setTimeout(r, 200));
    expect(await auditOf()).toHaveLength(1);
    // Two days on, EDGE's last message is past the limit too.
    clock.advance(RETENTION_EVERY_MS);
    for (let i = 0; i < 200 && (await auditOf()).length === 1; i++) await new Promise((r) => setTimeout(r, 25));
    expect((await auditOf())[1]).toMatchObject({ details: { chats: 1 } });
    expect((await owner().chats.list({ all: true, status: 'all' })).map((c) => c.customer).sort()).toEqual([OPEN, BACK, SPLIT].sort());
  });
});
