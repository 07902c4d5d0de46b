import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchEvent } from '../../src/api/protocol.js';
import { apiClient, ownerToken, startDaemon } from '../helpers/daemon.js';
import { guru, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD, SP, seedTeam } from '../helpers/team.js';
import { waitFor } from '../helpers/wait.js';

const PORTUGUESE = { GURU_LANG: '', LC_ALL: '', LC_MESSAGES: '', LANG: 'pt_BR.UTF-8' };

/**
 * `guru status` end to end: the built binary, logged in as an agent, against the real daemon —
 * what it says (in English and, under LANG=pt_BR.UTF-8, in Portuguese), what the team sees of
 * it (presence events, `user list`, `daemon status`, `whoami`) and the rodízio's simulation.
 */
describe('guru status', () => {
  let dir: string;
  let home: string;
  let daemon: Awaited<ReturnType<typeof startDaemon>>;
  const bia = () => ({ XDG_CONFIG_HOME: join(dir, 'config-bia') });

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    await seedTeam(home);
    await guruOk(home, ['rr', 'add', SP, 'user:bia@acme.com', '--skip-offline']);
    daemon = await startDaemon(home);
    await guruOk(home, ['login', '--email', 'bia@acme.com', '--password-stdin'], { stdin: PASSWORD, env: bia() });
  });
  afterAll(async () => {
    await daemon.stop();
    await removeDir(dir);
  });

  it('sets and shows your own; the team sees it while your inbox is open; the rodízio skips you', async () => {
    // Bia's inbox is open (a watch of her session); the owner watches presence.
    const events: WatchEvent[] = [];
    const owner = await apiClient(home, ownerToken(home)).watch((e) => events.push(e));
    const biaWatch = await apiClient(home, (await apiClient(home, null).login('bia@acme.com', PASSWORD)).token).watch(() => undefined);
    await waitFor(() => events.some((e) => e.type === 'presence' && e.email === 'bia@acme.com' && e.status === 'online'));

    const set = await guru(home, ['status', 'busy'], { env: bia() });
    expect(set).toMatchObject({ code: 0, stdout: '' });
    expect(set.stderr).toBe('✓ You are busy now — rodízio entries that skip offline agents give you no new chats until `guru status online`\n');
    await waitFor(() => events.some((e) => e.type === 'presence' && e.email === 'bia@acme.com' && e.status === 'busy'));

    const shown = await guruOk(home, ['status'], { env: bia() });
    expect(shown.stdout).toMatch(
      /^User\tBia <bia@acme\.com>\nStatus\tbusy\nSince\t\d{4}-\d\d-\d\dT[\d:.]+Z\nPresence\tbusy\nAway after\t15m without a key press in the inbox\n$/,
    );
    const json = JSON.parse((await guruOk(home, ['status', '--json'], { env: bia() })).stdout);
    expect(json).toMatchObject({ email: 'bia@acme.com', status: 'busy', auto: false, availability: 'busy', awayAfterMs: 900_000 });

    const users = JSON.parse((await guruOk(home, ['user', 'list', '--json'])).stdout) as { email: string; online: boolean; availability: string }[];
    expect(users.find((u) => u.email === 'bia@acme.com')).toMatchObject({ online: true, availability: 'busy' });
    expect((await guruOk(home, ['user', 'list'])).stdout).toMatch(/bia@acme\.com\tBia\tnormal\tactive\tbusy\t/);
    expect((await guruOk(home, ['whoami'], { env: bia() })).stdout).toBe('Bia <bia@acme.com> (normal) · busy\n');
    expect((await guruOk(home, ['daemon', 'status'])).stdout).toMatch(/Online\tbia@acme\.com \(busy\)\n/);
    const simulated = JSON.parse((await guruOk(home, ['rr', 'simulate', SP, '--next', '1', '--json'])).stdout);
    expect(simulated.decisions[0]).toMatchObject({ assignee: null, trail: [{ outcome: 'skipped', reason: 'busy' }] });

    await guruOk(home, ['status', 'online'], { env: bia() });
    const biaOnline = () => events.filter((e) => e.type === 'presence' && e.email === 'bia@acme.com' && e.status === 'online').length;
    await waitFor(() => biaOnline() === 2);
    const audit = JSON.parse((await guruOk(home, ['audit', '--json'])).stdout) as { action: string; actor: string; details?: unknown }[];
    expect(audit.filter((e) => e.action === 'user.status').map((e) => [e.actor, e.details])).toEqual([
      ['Bia <bia@acme.com>', { status: 'busy' }],
      ['Bia <bia@acme.com>', { status: 'online' }],
    ]);
    biaWatch.close();
    owner.close();
  });

  it("an admin sets someone else's with --user; a normal user may not; a typo is a usage error", async () => {
    const done = await guruOk(home, ['status', 'away', '--user', 'caio@acme.com']);
    expect(done.stderr).toBe('✓ Caio <caio@acme.com> is away now\n');
    const refused = await guru(home, ['status', 'busy', '--user', 'caio@acme.com', '--as', 'bia@acme.com']);
    expect(refused.code).toBe(5);
    expect(refused.stderr).toMatch(/users\.manage/);
    const typo = await guru(home, ['status', 'lunch'], { env: bia() });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/"lunch" is not a status — use online, busy or away/);
    const owner = await guru(home, ['status', '--as', 'bia@acme.com']);
    expect(owner.code).toBe(0);
  });

  it('speaks Portuguese under LANG=pt_BR.UTF-8 (the JSON keeps its English codes)', async () => {
    // Caio, who never opened an inbox (the owner speaks for him with --as).
    const caio = ['--as', 'caio@acme.com'];
    const set = await guruOk(home, ['status', 'busy', ...caio], { env: PORTUGUESE });
    expect(set.stderr).toBe(
      '✓ Seu status agora: ocupado — as entradas do rodízio que pulam quem está offline não lhe passam conversas novas até `guru status online` (a equipe vê você offline até sua caixa de entrada estar aberta: `guru inbox`)\n',
    );
    const shown = await guruOk(home, ['status', ...caio], { env: PORTUGUESE });
    expect(shown.stdout).toContain('Usuário\tCaio <caio@acme.com>\n');
    expect(shown.stdout).toContain('Situação\tocupado\n');
    expect(shown.stdout).toContain('Presença\toffline (nenhuma caixa de entrada aberta)\n');
    expect(shown.stdout).toContain('Ausente após\t15m sem tocar numa tecla na caixa de entrada\n');
    const json = JSON.parse((await guruOk(home, ['status', '--json', ...caio], { env: PORTUGUESE })).stdout);
    expect(json).toMatchObject({ status: 'busy', availability: 'offline' });
    expect((await guruOk(home, ['status', 'away', '--user', 'bia@acme.com'], { env: PORTUGUESE })).stderr).toBe(
      '✓ Status de Bia <bia@acme.com> agora: ausente\n',
    );
    const typo = await guru(home, ['status', 'almoço'], { env: { ...bia(), ...PORTUGUESE } });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('"almoço" não é um status — use online, busy ou away');
    const help = await guruOk(home, ['status', '--help'], { env: PORTUGUESE });
    expect(help.stdout).toContain('Diz se você recebe conversas novas');
  });

  it('`account set --away-after` is what `account show` and `guru status` say (never: 0)', async () => {
    await guruOk(home, ['account', 'set', '--away-after', '10m']);
    expect((await guruOk(home, ['account', 'show'])).stdout).toContain('Away after\t10m\n');
    expect((await guruOk(home, ['status'], { env: bia() })).stdout).toContain('Away after\t10m without a key press in the inbox\n');
    await guruOk(home, ['account', 'set', '--away-after', 'never']);
    expect(JSON.parse((await guruOk(home, ['account', 'show', '--json'])).stdout)).toMatchObject({ awayAfterMs: 0 });
    expect((await guruOk(home, ['status'], { env: bia() })).stdout).toContain('Away after\tnever\n');
  });
});
