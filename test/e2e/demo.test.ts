import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guru, guruOk, makeTempDir, removeDir } from '../helpers/guru.js';

/** README's first set-up command: `npx guru demo` works with nothing configured. */
describe('guru demo', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await makeTempDir();
  });
  afterAll(() => removeDir(dir));

  const env = () => ({ XDG_DATA_HOME: dir, GURU_HOME: '' });

  it('seeds a team in its own data dir and shows the rodízio at work', async () => {
    const { stdout } = await guruOk(join(dir, 'unused'), ['demo'], { env: env() });
    expect(stdout).toContain(`training sandbox in ${join(dir, 'guru-demo')}`);
    expect(stdout).toMatch(/bia@loja\.example\tBia Lima\tnormal\tactive\t\tVendas/);
    expect(stdout).toMatch(/3\t#4 user:duda@loja\.example\t#3 dept:Vendas \(offline\)/);
    expect(stdout).toMatch(/3\t#3 dept:Vendas\t/);
  });

  it('reuses the sandbox on a second run and starts over with --reset', async () => {
    await guruOk(join(dir, 'unused'), ['--home', join(dir, 'guru-demo'), 'dept', 'add', 'Extra']);
    expect((await guruOk(join(dir, 'unused'), ['demo'], { env: env() })).stdout).toContain('the existing training sandbox');
    const depts = JSON.parse((await guruOk(join(dir, 'guru-demo'), ['dept', 'list', '--json'])).stdout);
    expect(depts.map((d: any) => d.name)).toContain('Extra');
    await guruOk(join(dir, 'unused'), ['demo', '--reset'], { env: env() });
    const after = JSON.parse((await guruOk(join(dir, 'guru-demo'), ['dept', 'list', '--json'])).stdout);
    expect(after.map((d: any) => d.name)).toEqual(['Vendas', 'Suporte']);
  });

  it('its users can be used like any others', async () => {
    const sim = await guru(join(dir, 'guru-demo'), ['rr', 'simulate', '+5511999990000', '--next', '3', '--online', 'caio@loja.example', '--json']);
    expect(JSON.parse(sim.stdout).decisions.map((d: any) => d.assignee.name)).toEqual(['Bia Lima', 'Bia Lima', 'Vendas']);
  });
});
