import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guruOk, makeTempDir, removeDir } from '../helpers/guru.js';

/** Passwords exist in the data dir only as salted scrypt hashes; the dir is 0700, files 0600. */
describe('secrets in the data directory', () => {
  let dir: string;
  let home: string;
  const passwords = ['Adm1n-p4ssword!', 'bia-secret-pass', 'caio-changed-pw'];

  beforeAll(async () => {
    dir = await makeTempDir();
    home = join(dir, 'data');
    await guruOk(home, ['init', '--admin-email', 'ana@acme.com', '--admin-name', 'Ana', '--password-stdin'], { stdin: passwords[0] });
    await guruOk(home, ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia', '--password-stdin'], { stdin: `${passwords[1]}\n` });
    await guruOk(home, ['user', 'add', '--email', 'caio@acme.com', '--name', 'Caio', '--password-stdin'], { stdin: 'first-password' });
    await guruOk(home, ['user', 'passwd', 'caio@acme.com', '--password-stdin'], { stdin: passwords[2] });
  });

  afterAll(() => removeDir(dir));

  async function allFiles(root: string): Promise<string[]> {
    const entries = await readdir(root, { withFileTypes: true, recursive: true });
    return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? (e as any).path, e.name));
  }

  it('no password appears in any file, in plain text, base64 or hex', async () => {
    const files = await allFiles(home);
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const content = await readFile(file);
      for (const pw of [...passwords, 'first-password']) {
        for (const form of [pw, Buffer.from(pw).toString('base64'), Buffer.from(pw).toString('hex')]) {
          expect(content.includes(form), `${form} found in ${file}`).toBe(false);
        }
      }
    }
  });

  it('stores salted scrypt hashes, all different', async () => {
    const state = JSON.parse(await readFile(join(home, 'state.json'), 'utf8'));
    const hashes = state.users.map((u: any) => u.passwordHash);
    for (const h of hashes) expect(h).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('keeps the data dir 0700 and its files 0600', async () => {
    expect((await stat(home)).mode & 0o777).toBe(0o700);
    for (const file of await allFiles(home)) expect((await stat(file)).mode & 0o777, file).toBe(0o600);
  });
});
