import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.js';
import { OWNER, type Actor } from '../../src/core/model.js';
import { JournalStore } from '../../src/store/journal.js';
import { openStores } from '../../src/store/open.js';
import { ensureOwnerToken } from '../../src/store/store.js';
import { MemoryTransport } from '../../src/whatsapp/memory-transport.js';
import { startDaemon } from '../helpers/daemon.js';
import { guru, guruJson, makeTempDir, removeDir } from '../helpers/guru.js';
import { engineHandler } from '../helpers/engine.js';
import { seededRandom } from '../helpers/random.js';
import { TestClock } from '../helpers/test-clock.js';

const PHONE = '+5511999990000';
const ZONE = 'America/Sao_Paulo';
/** 08:00 in São Paulo on the day the report is about. */
const MORNING = Date.parse('2026-11-10T11:00:00Z');
const MINUTE = 60_000;
const AGENTS = ['bia@acme.com', 'caio@acme.com'];

/** What the test itself knows happened, per agent: the figures computed without the journal. */
interface Expected {
  opened: number;
  reopened: number;
  closed: number;
  messagesIn: number;
  messagesOut: number;
  firstResponses: number[];
  resolutions: number[];
  waiting: number;
}

/** Median (mean of the middle two for an even count) and nearest-rank p90, in whole seconds: the README's definitions. */
function figures(ms: number[]) {
  if (ms.length === 0) return { count: 0, medianSeconds: null, p90Seconds: null };
  const s = [...ms].sort((a, b) => a - b);
  const mid = s.length / 2;
  const median = s.length % 2 ? s[Math.floor(mid)]! : (s[mid - 1]! + s[mid]!) / 2;
  return { count: s.length, medianSeconds: Math.round(median / 1000), p90Seconds: Math.round(s[Math.ceil(s.length * 0.9) - 1]! / 1000) };
}

/**
 * DESIGN.md "Reports": a seeded day of traffic through the memory transport, on a test clock,
 * into real files; then `guru report` reads the journal (no daemon), and again through a
 * daemon started afterwards. The figures must equal what the test computed as it played the day.
 */
describe('guru report over a seeded day', () => {
  let dir: string;
  let home: string;
  const expected = new Map<string, Expected>();

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    const store = await openStores({ kind: 'files', home, lock: 'hold', create: true });
    const journal = new JournalStore(join(home, 'journal'));
    const clock = new TestClock(MORNING);
    const wa = new MemoryTransport(PHONE);
    const engine = new Engine({
      stores: { ...store, journal },
      stateNow: () => store.stateNow(),
      clock,
      conversations: { sender: { send: (_phone, to, content, id) => wa.send(to, content, id) } },
    });
    await engine.chats.load();
    await wa.start(engineHandler(engine, PHONE));
    const owner = engine.as(OWNER);
    await owner.account.init({ accountName: 'Acme', seats: 10, adminEmail: 'ana@acme.com', adminName: 'Ana', adminPassword: 'correct horse battery' });
    await ensureOwnerToken(store.paths); // as `guru init` does: the CLI's owner token
    await owner.account.set({ timeZone: ZONE });
    await owner.phones.add(PHONE);
    for (const email of AGENTS) await owner.users.add({ email, name: email.split('@')[0]!, permissions: ['chats.send', 'chats.close'] });
    await owner.users.add({ email: 'lia@acme.com', name: 'Lia', permissions: ['reports.view'] });
    for (const email of AGENTS) await owner.roundRobin.add(PHONE, `user:${email}`);
    const ids = new Map<string, string>();
    for (const email of AGENTS) ids.set(email, (await owner.users.show(email)).id);
    const as = (email: string) => engine.as({ type: 'user', userId: ids.get(email)! } satisfies Actor);
    for (const email of AGENTS)
      expected.set(email, { opened: 0, reopened: 0, closed: 0, messagesIn: 0, messagesOut: 0, firstResponses: [], resolutions: [], waiting: 0 });

    // The day's script: each customer's conversation as steps at given times, played in time order.
    type Step = { at: number; run: () => Promise<void> };
    const steps: Step[] = [];
    const random = seededRandom(20261110);
    const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    /** Each customer's chat, and the agent holding it (the rodízio runs again when a customer reopens). */
    const chatOf = new Map<string, { id: string; agent: string }>();
    type Turn = { firstIn: number; reply: number | null; close: number | null };
    /** A customer writes; `opens` a turn of the conversation (first contact or reopening): the test tallies it for its agent. */
    const customerWrites = (jid: string, opens?: { turn: Turn; reopen: boolean }) => async () => {
      await wa.inject({ from: jid, content: { type: 'text', text: 'Olá, preciso de ajuda' } });
      if (opens) {
        const chat = (await owner.chats.list({ all: true })).find((c) => jid.startsWith(c.customer.replace('+', '')))!;
        chatOf.set(jid, { id: chat.id, agent: AGENTS.find((e) => chat.assignee?.ref === `user:${e}`)! });
        const e = expected.get(chatOf.get(jid)!.agent)!;
        const { turn } = opens;
        if (opens.reopen) e.reopened += 1;
        else e.opened += 1;
        if (turn.reply !== null) e.firstResponses.push(turn.reply - turn.firstIn);
        else e.waiting += 1;
        if (turn.close !== null) {
          e.closed += 1;
          e.resolutions.push(turn.close - turn.firstIn);
        }
      }
      expected.get(chatOf.get(jid)!.agent)!.messagesIn += 1;
    };
    const agentReplies = (jid: string) => async () => {
      const { id, agent } = chatOf.get(jid)!;
      await as(agent).chats.send(id, 'Claro! Já vejo isso.');
      expected.get(agent)!.messagesOut += 1;
    };
    const agentCloses = (jid: string) => async () => {
      const { id, agent } = chatOf.get(jid)!;
      await as(agent).chats.close(id);
    };
    for (let c = 0; c < 36; c++) {
      const jid = `55119888${String(c).padStart(5, '0')}@s.whatsapp.net`;
      const start = MORNING + between(0, 9 * 60) * MINUTE + between(0, 59) * 1000;
      const kind = c % 9; // 0: never answered (waiting now); 1: answered, left open; 2: reopened by the customer; else a plain one
      const firstReply = start + between(1, 45) * MINUTE + between(0, 59) * 1000;
      const more = firstReply + between(2, 20) * MINUTE;
      const close = kind === 0 || kind === 1 ? null : more + between(15, 90) * MINUTE;
      const first: Turn = { firstIn: start, reply: kind === 0 ? null : firstReply, close };
      steps.push({ at: start, run: customerWrites(jid, { turn: first, reopen: false }) });
      if (random() < 0.5) steps.push({ at: start + between(5, 50) * 1000, run: customerWrites(jid) }); // a second message before any answer
      if (kind === 0) continue;
      steps.push({ at: firstReply, run: agentReplies(jid) });
      steps.push({ at: more, run: customerWrites(jid) }, { at: more + between(1, 10) * MINUTE, run: agentReplies(jid) });
      if (close !== null) steps.push({ at: close, run: agentCloses(jid) });
      if (kind === 2) {
        const back = close! + between(10, 120) * MINUTE;
        const answer = back + between(1, 30) * MINUTE + between(0, 59) * 1000;
        const again: Turn = { firstIn: back, reply: answer, close: answer + between(5, 40) * MINUTE };
        steps.push(
          { at: back, run: customerWrites(jid, { turn: again, reopen: true }) },
          { at: answer, run: agentReplies(jid) },
          { at: again.close!, run: agentCloses(jid) },
        );
      }
    }
    steps.sort((a, b) => a.at - b.at);
    for (const step of steps) {
      clock.advance(Math.max(0, step.at - clock.now().getTime()));
      await step.run();
    }
    engine.chats.stop();
    await journal.close();
    await store.close();
  }, 120_000);

  afterAll(() => removeDir(dir));

  const reportArgs = ['report', '--from', '2026-11-10', '--to', '2026-11-10', '--by', 'agent', '--json'];

  function check(report: any): void {
    expect(report).toMatchObject({ from: '2026-11-10T03:00:00.000Z', to: '2026-11-11T03:00:00.000Z', timeZone: ZONE, by: 'agent' });
    expect(report.rows.map((r: any) => r.label)).toEqual(AGENTS);
    for (const row of report.rows) {
      const e = expected.get(row.label)!;
      expect({ ...row, waiting: row.waiting.count }, row.label).toEqual({
        key: row.key,
        label: row.label,
        opened: e.opened,
        reopened: e.reopened,
        closed: e.closed,
        messagesIn: e.messagesIn,
        messagesOut: e.messagesOut,
        firstResponse: figures(e.firstResponses),
        resolution: figures(e.resolutions),
        waiting: e.waiting,
      });
    }
    expect(report.total.opened).toBe(36);
    expect(report.total.firstResponse.count).toBe([...expected.values()].reduce((n, e) => n + e.firstResponses.length, 0));
  }

  it('without a daemon, the figures equal the ones the test computed; with one started after, the same', async () => {
    const local = await guruJson<any>(home, reportArgs);
    check(local);
    expect(local.rows.every((r: any) => r.firstResponse.count > 3 && r.resolution.count > 3)).toBe(true); // a real sample, not a corner
    const daemon = await startDaemon(home, { env: { GURU_TRANSPORT: 'memory' } });
    try {
      const served = await guruJson<any>(home, reportArgs);
      check(served);
      expect(served.rows.map((r: any) => ({ ...r, waiting: r.waiting.count }))).toEqual(local.rows.map((r: any) => ({ ...r, waiting: r.waiting.count })));
      // Someone given reports.view reads it; a normal user without it is refused (exit 5) and told why.
      expect((await guru(home, [...reportArgs, '--as', 'lia@acme.com'])).code).toBe(0);
      const refused = await guru(home, [...reportArgs, '--as', 'bia@acme.com']);
      expect([refused.code, refused.stdout]).toEqual([5, '']);
      expect(refused.stderr).toMatch(/reports\.view/);
    } finally {
      await daemon.stop();
    }
  });

  it('CSV for a spreadsheet, one line per agent and the total; by hour, in the account’s zone', async () => {
    const csv = (await guru(home, ['report', '--from', '2026-11-10', '--to', '2026-11-10', '--by', 'agent', '--csv'])).stdout.trim().split('\n');
    expect(csv[0]).toBe(
      'agent,opened,reopened,closed,first_response_count,first_response_median_s,first_response_p90_s,resolution_count,resolution_median_s,resolution_p90_s,messages_in,messages_out,waiting_now,longest_wait_s',
    );
    expect(csv.map((l) => l.split(',')[0])).toEqual(['agent', ...AGENTS, 'total']);
    const byHour = await guruJson<any>(home, ['report', '--from', '2026-11-10', '--to', '2026-11-10', '--by', 'hour', '--json']);
    // Customers wrote from 08:00 to 17:59 São Paulo time: the openings fall in those hours.
    const openings = byHour.rows.filter((r: any) => r.opened > 0).map((r: any) => Number(r.key));
    expect(Math.min(...openings)).toBeGreaterThanOrEqual(8);
    expect(Math.max(...openings)).toBeLessThanOrEqual(17);
    expect(byHour.rows.reduce((n: number, r: any) => n + r.opened, 0)).toBe(36);
  });

  it('a period that is empty or a grouping Guru does not know gets a clear error', async () => {
    const empty = await guru(home, ['report', '--from', '2026-11-12', '--to', '2026-11-10']);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/period is empty/);
    const both = await guru(home, ['report', '--since', '7d', '--from', '2026-11-10']);
    expect(both.code).toBe(2);
    const by = await guru(home, ['report', '--by', 'weekday']);
    expect(by.code).toBe(2);
    expect(by.stderr).toMatch(/agent, dept, phone, day, hour/);
  });
});
