import { describe, expect, it } from 'vitest';
import { Root, type InboxSession } from '../../src/tui/Root.js';
import { chat, fakeApi, frameWhere, renderAt, tick, user } from './fixtures.js';

describe.each([80, 120])('login at %i columns', (cols) => {
  it('asks for email and a hidden password, shows the refusal, then opens the inbox', async () => {
    const fake = fakeApi([chat(1)]);
    const attempts: [string, string][] = [];
    const session: InboxSession = {
      savedEmail: null,
      resume: async () => null,
      login: async (email, password) => {
        attempts.push([email, password]);
        if (password !== 'certa') throw new Error('wrong email or password');
        return { api: fake.api, me: { owner: false, user: user() } };
      },
    };
    const r = renderAt(<Root session={session} />, cols);
    await frameWhere(r, (f) => f.includes('log in'));
    await tick(50); // the form's key listener is attached after its first paint
    r.stdin.write('bia@acme.com');
    await frameWhere(r, (f) => f.includes('bia@acme.com█'));
    r.stdin.write('\r');
    await frameWhere(r, (f) => f.includes('› Password'));
    r.stdin.write('errada');
    await frameWhere(r, (f) => f.includes('••••••█'));
    r.stdin.write('\r');
    const refused = await frameWhere(r, (f) => f.includes('✗ wrong email or password'));
    expect(refused).not.toContain('errada');
    r.stdin.write('certa');
    await frameWhere(r, (f) => f.includes('•••••█'));
    r.stdin.write('\r');
    const inbox = await frameWhere(r, (f) => f.includes('Cliente 1'));
    expect(inbox).toContain('Bia Lima <bia@acme.com>');
    expect(inbox).not.toContain('certa');
    expect(attempts).toEqual([
      ['bia@acme.com', 'errada'],
      ['bia@acme.com', 'certa'],
    ]);
  });

  it('a pasted `email⏎password⏎` (one read) fills both fields and logs in, never showing the password', async () => {
    const fake = fakeApi([chat(1)]);
    const attempts: [string, string][] = [];
    const session: InboxSession = {
      savedEmail: null,
      resume: async () => null,
      login: async (email, password) => {
        attempts.push([email, password]);
        return { api: fake.api, me: { owner: false, user: user() } };
      },
    };
    const r = renderAt(<Root session={session} />, cols);
    await frameWhere(r, (f) => f.includes('log in'));
    await tick(50);
    r.stdin.write('bia@acme.com\rsegredo\r');
    await frameWhere(r, (f) => f.includes('Cliente 1'));
    expect(attempts).toEqual([['bia@acme.com', 'segredo']]);
    expect(r.frames.join('\n')).not.toContain('segredo');
  });

  it('a pasted `email⏎` alone moves to the password field; what is typed next stays hidden', async () => {
    const fake = fakeApi([chat(1)]);
    const attempts: [string, string][] = [];
    const session: InboxSession = {
      savedEmail: null,
      resume: async () => null,
      login: async (email, password) => {
        attempts.push([email, password]);
        return { api: fake.api, me: { owner: false, user: user() } };
      },
    };
    const r = renderAt(<Root session={session} />, cols);
    await frameWhere(r, (f) => f.includes('log in'));
    await tick(50);
    r.stdin.write('bia@acme.com\r');
    await frameWhere(r, (f) => f.includes('› Password'));
    r.stdin.write('segredo');
    await frameWhere(r, (f) => f.includes('•••••••█'));
    r.stdin.write('\r');
    await frameWhere(r, (f) => f.includes('Cliente 1'));
    expect(attempts).toEqual([['bia@acme.com', 'segredo']]);
    expect(r.frames.join('\n')).not.toContain('segredo');
  });

  it('a saved session goes straight to the inbox', async () => {
    const fake = fakeApi([chat(2)]);
    const session: InboxSession = {
      savedEmail: 'bia@acme.com',
      resume: async () => ({ api: fake.api, me: { owner: false, user: user() } }),
      login: async () => Promise.reject(new Error('no')),
    };
    const r = renderAt(<Root session={session} />, cols);
    const frame = await frameWhere(r, (f) => f.includes('Cliente 2'));
    expect(frame).not.toContain('log in');
  });
});
