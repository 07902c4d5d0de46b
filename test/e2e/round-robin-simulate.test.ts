import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guruOk, makeTempDir, removeDir } from '../helpers/guru.js';
import { PASSWORD, SP } from '../helpers/team.js';

/** DESIGN.md's rodízio, through the real binary: queue [ana, ana, dept:Vendas (skip-offline), bia (inactive)]. */
describe('guru rr simulate', () => {
  let dir: string;
  let home: string;

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    const pw = { stdin: PASSWORD };
    await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], pw);
    await guruOk(home, ['dept', 'add', 'Vendas']);
    await guruOk(home, ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia', '--password-stdin'], pw);
    await guruOk(home, ['user', 'add', '--email', 'vera@acme.com', '--name', 'Vera', '--dept', 'Vendas', '--password-stdin'], pw);
    await guruOk(home, ['phone', 'add', SP]);
    await guruOk(home, ['rr', 'add', SP, 'user:ana@acme.com', '--times', '2']);
    await guruOk(home, ['rr', 'add', SP, 'dept:Vendas', '--skip-offline']);
    await guruOk(home, ['rr', 'add', SP, 'user:bia@acme.com', '--inactive']);
  });

  afterAll(() => removeDir(dir));

  const picks = (sim: any) => sim.decisions.map((d: any) => d.assignee?.name ?? null);
  const skips = (d: any) => d.trail.filter((s: any) => s.outcome === 'skipped').map((s: any) => `${s.position}:${s.target.ref}:${s.reason}`);

  it('with nobody online gives every chat to ana, naming each skip and why', async () => {
    const sim = JSON.parse((await guruOk(home, ['rr', 'simulate', SP, '--next', '6', '--json'])).stdout);
    expect(picks(sim)).toEqual(['Ana', 'Ana', 'Ana', 'Ana', 'Ana', 'Ana']);
    expect(sim.online).toEqual([]);
    expect(skips(sim.decisions[0])).toEqual([]);
    expect(skips(sim.decisions[2])).toEqual(['3:dept:Vendas:offline', '4:user:bia@acme.com:inactive']);
    expect(sim.decisions[2].assignee).toMatchObject({ position: 1, ref: 'user:ana@acme.com' });
  });

  it('with a Vendas member online gives ana, ana, Vendas, ana, ana, Vendas', async () => {
    const sim = JSON.parse((await guruOk(home, ['rr', 'simulate', SP, '--next', '6', '--online', 'vera@acme.com', '--json'])).stdout);
    expect(picks(sim)).toEqual(['Ana', 'Ana', 'Vendas', 'Ana', 'Ana', 'Vendas']);
    expect(sim.online).toEqual(['vera@acme.com']);
    expect(skips(sim.decisions[3])).toEqual(['4:user:bia@acme.com:inactive']);
  });

  it('the table shows the same picks and skips', async () => {
    const { stdout } = await guruOk(home, ['rr', 'simulate', SP, '--next', '3']);
    expect(stdout.trimEnd().split('\n')).toEqual([
      'PICK\tASSIGNED TO\tSKIPPED',
      '1\t#1 user:ana@acme.com\t',
      '2\t#2 user:ana@acme.com\t',
      '3\t#1 user:ana@acme.com\t#3 dept:Vendas (offline), #4 user:bia@acme.com (inactive)',
    ]);
  });

  it('does not move the real cursor', async () => {
    const queue = JSON.parse((await guruOk(home, ['rr', 'show', SP, '--json'])).stdout);
    expect(queue.lastPicked).toBeNull();
    expect(queue.next).toBe(1);
  });
});
