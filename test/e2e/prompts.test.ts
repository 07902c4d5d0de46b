import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guruJson, makeTempDir, removeDir } from '../helpers/guru.js';
import { PtySession } from '../helpers/pty.js';

/** On a real terminal, missing values are asked for and the password is typed hidden, twice. */
describe('prompts on a terminal', () => {
  let dir: string;
  let home: string;
  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
  });
  afterAll(() => removeDir(dir));

  it('guru init asks for the admin and a hidden password', async () => {
    const session = new PtySession(['init', '--name', 'Acme'], { GURU_HOME: home });
    await session.waitFor("Admin's email");
    session.type('ana@acme.com\r');
    await session.waitFor("Admin's name");
    session.type('Ana Souza\r');
    await session.waitFor('Password for ana@acme.com');
    session.type('typed-secret-1\r');
    await session.waitFor('Repeat it');
    session.type('typed-secret-1\r');
    expect(await session.exited()).toBe(0);
    expect(session.text).toContain('Created account "Acme"');
    expect(session.text).not.toContain('typed-secret-1');
    const users = await guruJson<any[]>(home, ['user', 'list']);
    expect(users.map((u) => u.email)).toEqual(['ana@acme.com']);
    expect(await readFile(join(home, 'state.json'), 'utf8')).not.toContain('typed-secret-1');
  });

  it('two different passwords change nothing', async () => {
    const session = new PtySession(['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia'], { GURU_HOME: home });
    await session.waitFor('Password for bia@acme.com');
    session.type('first-password\r');
    await session.waitFor('Repeat it');
    session.type('other-password\r');
    expect(await session.exited()).toBe(2);
    expect(session.text).toMatch(/the two passwords differ/);
    expect((await guruJson<any[]>(home, ['user', 'list'])).map((u) => u.email)).toEqual(['ana@acme.com']);
  });

  it('Ctrl-C at a prompt exits 130 and changes nothing', async () => {
    const session = new PtySession(['user', 'add', '--email', 'caio@acme.com', '--name', 'Caio'], { GURU_HOME: home });
    await session.waitFor('Password for caio@acme.com');
    session.type('\u0003');
    expect(await session.exited()).toBe(130);
    expect((await guruJson<any[]>(home, ['user', 'list'])).map((u) => u.email)).toEqual(['ana@acme.com']);
  });

  it('a TTY shows an aligned, coloured table', async () => {
    const session = new PtySession(['user', 'list'], { GURU_HOME: home });
    expect(await session.exited()).toBe(0);
    expect(session.text).toMatch(/EMAIL\s+NAME\s+ROLE/);
  });
});
