import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/core/password.js';
import { PW, testEngine } from '../helpers/engine.js';

type T = Awaited<ReturnType<typeof testEngine>>;

describe('engine', () => {
  let t: T;
  beforeEach(async () => {
    t = await testEngine({ seats: 4 });
  });
  afterEach(() => t.cleanup());

  it('hashes passwords with scrypt and verifies them', async () => {
    await t.owner.users.add({ email: 'Bia@Acme.com', name: 'Bia', password: 'bia-password' });
    const bia = (await t.store.state.read()).users.find((u) => u.email === 'bia@acme.com')!;
    expect(await verifyPassword('bia-password', bia.passwordHash!)).toBe(true);
    expect(await verifyPassword('bia-passwordx', bia.passwordHash!)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });

  it('effective permissions are own ∪ every department', async () => {
    await t.owner.departments.add('Vendas', ['chats.send']);
    await t.owner.departments.add('Suporte', ['chats.close', 'chats.send']);
    const bia = await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: PW, permissions: ['audit.view'], departments: ['vendas', 'SUPORTE'] });
    expect(bia.departments).toEqual(['Vendas', 'Suporte']);
    expect(bia.effectivePermissions).toEqual(['chats.send', 'chats.close', 'audit.view']);
    await t.owner.departments.removeMembers('Suporte', ['bia@acme.com']);
    expect((await t.owner.users.show('bia@acme.com')).effectivePermissions).toEqual(['chats.send', 'audit.view']);
  });

  it('a normal user without users.manage cannot add users; with it, cannot create admins or grant more than they hold', async () => {
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: PW });
    const bia = await t.as('bia@acme.com');
    await expect(bia.users.add({ email: 'x@acme.com', name: 'X', password: PW })).rejects.toMatchObject({ code: 'permission_denied' });
    await t.owner.users.edit('bia@acme.com', { addPermissions: ['users.manage', 'chats.send'] });
    await expect(bia.users.add({ email: 'x@acme.com', name: 'X', password: PW, role: 'admin' })).rejects.toThrow(/only admins/);
    await expect(bia.users.add({ email: 'x@acme.com', name: 'X', password: PW, permissions: ['audit.view'] })).rejects.toThrow(
      /you cannot give audit.view to x@acme.com \(as their own permission\): you do not hold it/,
    );
    await expect(bia.users.disable('ana@acme.com')).rejects.toThrow(/only admins/);
    const x = await bia.users.add({ email: 'x@acme.com', name: 'X', password: PW, permissions: ['chats.send'] });
    expect(x.permissions).toEqual(['chats.send']);
  });

  it('a user may change their own password without users.manage, not anyone else’s', async () => {
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: PW });
    await t.owner.users.add({ email: 'caio@acme.com', name: 'Caio', password: PW });
    const bia = await t.as('bia@acme.com');
    await bia.users.passwd('bia@acme.com', 'a-new-password');
    await expect(bia.users.passwd('caio@acme.com', 'a-new-password')).rejects.toMatchObject({ code: 'permission_denied' });
  });

  it('a disabled user can no longer act', async () => {
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: PW, permissions: ['audit.view'] });
    const bia = await t.as('bia@acme.com');
    await t.owner.users.disable('bia@acme.com');
    await expect(bia.audit.list()).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('enforces seats on add and enable, and frees them on disable', async () => {
    for (const n of ['b', 'c', 'd']) await t.owner.users.add({ email: `${n}@acme.com`, name: n, password: PW });
    await expect(t.owner.users.add({ email: 'e@acme.com', name: 'e', password: PW })).rejects.toThrow(/4\/4 active users/);
    await t.owner.users.disable('b@acme.com');
    await t.owner.users.add({ email: 'e@acme.com', name: 'e', password: PW });
    await expect(t.owner.users.enable('b@acme.com')).rejects.toMatchObject({ code: 'limit' });
  });

  it('renaming a department keeps its members, permissions and round-robin entries', async () => {
    await t.owner.departments.add('Vendas', ['chats.send']);
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: PW, departments: ['Vendas'] });
    await t.owner.phones.add('+5511999990000');
    await t.owner.roundRobin.add('+5511999990000', 'dept:Vendas');
    await t.owner.departments.rename('Vendas', 'Comercial');
    const rr = await t.owner.roundRobin.show('+5511999990000');
    expect(rr.entries[0]!.target.ref).toBe('dept:Comercial');
    expect((await t.owner.users.show('bia@acme.com')).departments).toEqual(['Comercial']);
    await expect(t.owner.departments.add('comercial')).rejects.toThrow(/already exists/);
  });

  it('removing a phone removes its queue; re-adding starts empty', async () => {
    await t.owner.phones.add('+5511999990000');
    await t.owner.roundRobin.add('+5511999990000', 'user:ana@acme.com', { times: 3 });
    await t.owner.phones.remove('+55 11 99999-0000');
    await t.owner.phones.add('+5511999990000');
    expect((await t.owner.roundRobin.show('+5511999990000')).entries).toEqual([]);
  });

  it('simulate counts users the presence port reports online', async () => {
    const online = new Set<string>();
    const t2 = await testEngine({ presence: { onlineUserIds: () => online, open: () => ({ alive: () => undefined, close: () => undefined }) } });
    try {
      await t2.owner.departments.add('Vendas');
      const vera = await t2.owner.users.add({ email: 'vera@acme.com', name: 'Vera', password: PW, departments: ['Vendas'] });
      await t2.owner.phones.add('+5511999990000');
      await t2.owner.roundRobin.add('+5511999990000', 'dept:Vendas', { skipOffline: true });
      expect((await t2.owner.roundRobin.simulate('+5511999990000', { next: 1 })).decisions[0]!.assignee).toBeNull();
      online.add(vera.id);
      expect((await t2.owner.roundRobin.simulate('+5511999990000', { next: 1 })).decisions[0]!.assignee?.name).toBe('Vendas');
    } finally {
      await t2.cleanup();
    }
  });

  it('audits each change with actor, action, target and time, in order', async () => {
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: PW, permissions: ['departments.manage'] });
    const bia = await t.as('bia@acme.com');
    await bia.departments.add('Vendas');
    await t.owner.account.set({ seats: 9 });
    await expect(t.owner.account.set({})).rejects.toThrow(/nothing to change/); // an empty change is refused, not audited
    const entries = await t.owner.audit.list();
    expect(entries.map((e) => [e.actor, e.action, e.target])).toEqual([
      ['owner', 'account.init', 'Acme'],
      ['owner', 'user.add', 'bia@acme.com'],
      ['Bia <bia@acme.com>', 'department.add', 'Vendas'],
      ['owner', 'account.set', 'Acme'],
    ]);
    const later = await t.owner.audit.list({ since: new Date(Date.now() + 60_000) });
    expect(later).toEqual([]);
  });

  it('audit needs audit.view', async () => {
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: PW });
    await expect((await t.as('bia@acme.com')).audit.list()).rejects.toThrow(/"audit.view"/);
  });

  it('an edit with nothing to change is refused', async () => {
    await expect(t.owner.users.edit('ana@acme.com', {})).rejects.toThrow(/nothing to change/);
  });

  it('an admin cannot be demoted when it is the last one', async () => {
    await expect(t.owner.users.edit('ana@acme.com', { role: 'normal' })).rejects.toThrow(/last active admin/);
  });
});
