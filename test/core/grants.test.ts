import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OperationContext } from '../../src/core/context.js';
import { PW, testEngine } from '../helpers/engine.js';

type T = Awaited<ReturnType<typeof testEngine>>;

/**
 * The granting rule: nobody gives anyone — themself included — an effective permission they do
 * not hold, by any path; only admins touch admins. Each refusal must leave the state file as it
 * was and name the permission the actor lacks.
 */
describe('granting rule', () => {
  let t: T;
  // The whole state as stored (in-memory stores: a rule needs no disk).
  const stateFile = async () => JSON.stringify(await t.store.state.read());
  const effective = async (email: string) => (await t.owner.users.show(email)).effectivePermissions;

  beforeEach(async () => {
    t = await testEngine({ seats: 20 });
    await t.owner.departments.add('Supervisão', ['chats.view_all', 'audit.view']);
    await t.owner.departments.add('RH', ['users.manage']);
    await t.owner.departments.add('Org', ['departments.manage']);
    await t.owner.departments.add('Vendas', ['chats.send']);
    await t.owner.users.add({ email: 'dm@acme.com', name: 'Dept Manager', password: PW, departments: ['Org'] });
    await t.owner.users.add({ email: 'um@acme.com', name: 'User Manager', password: PW, permissions: ['users.manage', 'chats.send'] });
    await t.owner.users.add({ email: 'sup@acme.com', name: 'Supervisor', password: PW, departments: ['Supervisão'] });
    await t.owner.users.add({ email: 'bia@acme.com', name: 'Bia', password: PW });
  });
  afterEach(() => t.cleanup());

  /** Expects `action` to be refused as permission_denied with `message`, changing nothing. */
  const refused = async (action: () => Promise<unknown>, message: RegExp) => {
    const before = await stateFile();
    await expect(action()).rejects.toMatchObject({ code: 'permission_denied', message: expect.stringMatching(message) });
    expect(await stateFile()).toBe(before);
  };

  it('a department manager cannot join, or add anyone to, a department that grants what they lack', async () => {
    const dm = await t.as('dm@acme.com');
    await refused(
      () => dm.departments.addMembers('Supervisão', ['dm@acme.com']),
      /^you cannot give chats\.view_all and audit\.view to yourself \(through department "Supervisão"\): you do not hold them/,
    );
    await refused(
      () => dm.departments.addMembers('RH', ['bia@acme.com']),
      /^you cannot give users\.manage to bia@acme\.com \(through department "RH"\): you do not hold it/,
    );
    // One refused member refuses the whole change: nobody is half-added.
    await refused(() => dm.departments.addMembers('RH', ['dm@acme.com', 'bia@acme.com']), /users\.manage/);
    expect(await effective('dm@acme.com')).toEqual(['departments.manage']);
    // What they hold, they may pass on; someone who already holds it gains nothing.
    await dm.departments.addMembers('Org', ['bia@acme.com']);
    await t.owner.users.edit('bia@acme.com', { addPermissions: ['audit.view'] });
    await dm.departments.add('Auditoria');
    await t.owner.departments.addPermissions('Auditoria', ['audit.view']);
    await dm.departments.addMembers('Auditoria', ['bia@acme.com']);
    expect(await effective('bia@acme.com')).toEqual(['departments.manage', 'audit.view']);
  });

  it('a department manager cannot put a permission they lack on a department, with members or without', async () => {
    const dm = await t.as('dm@acme.com');
    await t.owner.departments.addMembers('Vendas', ['dm@acme.com', 'bia@acme.com']);
    await refused(() => dm.departments.addPermissions('Vendas', ['users.manage']), /^you cannot give users\.manage to department "Vendas": you do not hold it/);
    await refused(() => dm.departments.add('Porta dos fundos', ['audit.view']), /^you cannot give audit\.view to department "Porta dos fundos"/);
    await dm.departments.addPermissions('Vendas', ['departments.manage']);
    expect(await effective('bia@acme.com')).toEqual(['chats.send', 'departments.manage']);
  });

  it('a user manager cannot set departments (their own or anyone’s) or permissions beyond what they hold', async () => {
    const um = await t.as('um@acme.com');
    await refused(
      () => um.users.edit('um@acme.com', { departments: ['Supervisão'] }),
      /^you cannot give chats\.view_all and audit\.view to yourself \(through department "Supervisão"\)/,
    );
    await refused(
      () => um.users.edit('bia@acme.com', { departments: ['Vendas', 'Org'] }),
      /^you cannot give departments\.manage to bia@acme\.com \(through department "Org"\)/,
    );
    await refused(
      () => um.users.edit('um@acme.com', { addPermissions: ['audit.view'] }),
      /^you cannot give audit\.view to yourself \(as their own permission\)/,
    );
    await refused(() => um.users.edit('bia@acme.com', { permissions: ['chats.view_all'] }), /^you cannot give chats\.view_all to bia@acme\.com/);
    // Within what they hold, and changes that give nothing, go through.
    await um.users.edit('bia@acme.com', { departments: ['Vendas', 'RH'] });
    expect(await effective('bia@acme.com')).toEqual(['chats.send', 'users.manage']);
    await um.users.edit('sup@acme.com', { name: 'Supervisora' });
    await um.users.edit('sup@acme.com', { departments: [] });
    expect(await effective('sup@acme.com')).toEqual([]);
  });

  it('a user manager cannot create a user in a department, or with permissions, beyond what they hold', async () => {
    const um = await t.as('um@acme.com');
    await refused(
      () => um.users.add({ email: 'mole@acme.com', name: 'Mole', password: PW, departments: ['Vendas', 'Supervisão'] }),
      /^you cannot give chats\.view_all and audit\.view to mole@acme\.com \(through department "Supervisão"\): you do not hold them/,
    );
    await refused(
      () => um.users.add({ email: 'mole@acme.com', name: 'Mole', password: PW, permissions: ['phones.manage'] }),
      /^you cannot give phones\.manage to mole@acme\.com/,
    );
    await refused(() => um.users.add({ email: 'mole@acme.com', name: 'Mole', password: PW, role: 'admin' }), /^only admins can create an admin/);
    const ok = await um.users.add({ email: 'ok@acme.com', name: 'Ok', password: PW, departments: ['Vendas', 'RH'] });
    expect(ok.effectivePermissions).toEqual(['chats.send', 'users.manage']);
  });

  it('a user manager cannot reset the password of someone who holds more, nor of an admin', async () => {
    const um = await t.as('um@acme.com');
    await refused(
      () => um.users.passwd('sup@acme.com', 'taken over at last'),
      /^you cannot give chats\.view_all and audit\.view to yourself by resetting the password of sup@acme\.com: you do not hold them/,
    );
    await refused(() => um.users.passwd('ana@acme.com', 'taken over at last'), /^only admins can reset the password of an admin \(ana@acme\.com\)/);
    // A disabled account counts too: it can be enabled later.
    await t.owner.users.disable('sup@acme.com');
    await refused(() => um.users.passwd('sup@acme.com', 'taken over at last'), /chats\.view_all/);
    // Someone holding nothing more: allowed, and the new password works.
    await t.owner.users.edit('bia@acme.com', { addPermissions: ['chats.send'] });
    await um.users.passwd('bia@acme.com', 'bia new password');
    await expect(t.engine.sessions.login('bia@acme.com', 'bia new password')).resolves.toMatchObject({ user: { email: 'bia@acme.com' } });
  });

  it('a user manager cannot change the email of someone who holds more (the recovery code would go to them)', async () => {
    const um = await t.as('um@acme.com');
    await refused(
      () => um.users.edit('sup@acme.com', { email: 'um.private@example.com' }),
      /^you cannot give chats\.view_all and audit\.view to yourself by changing the email of sup@acme\.com: you do not hold them/,
    );
    await refused(() => um.users.edit('ana@acme.com', { email: 'um.private@example.com' }), /^only admins can edit an admin \(ana@acme\.com\)/);
    // Someone holding nothing more, and their own: allowed.
    await um.users.edit('bia@acme.com', { email: 'bia.lima@acme.com' });
    await um.users.edit('um@acme.com', { email: 'um2@acme.com' });
    await t.owner.users.edit('bia.lima@acme.com', { email: 'bia@acme.com' });
    await t.owner.users.edit('um2@acme.com', { email: 'um@acme.com' });
  });

  it('enabling a user who holds more than the actor gives it back to them: refused', async () => {
    const um = await t.as('um@acme.com');
    await um.users.disable('sup@acme.com'); // taking away is not giving
    await refused(
      () => um.users.enable('sup@acme.com'),
      /^you cannot give chats\.view_all and audit\.view to sup@acme\.com by enabling them \(through department "Supervisão"\)/,
    );
    await t.owner.users.enable('sup@acme.com');
  });

  it('only admins touch admins: edit, disable, enable, remove, reset, promote', async () => {
    await t.owner.users.add({ email: 'boss@acme.com', name: 'Boss', password: PW, role: 'admin' });
    const um = await t.as('um@acme.com');
    await refused(() => um.users.edit('boss@acme.com', { name: 'Not Boss' }), /^only admins can edit an admin \(boss@acme\.com\)/);
    await refused(() => um.users.disable('boss@acme.com'), /^only admins can disable an admin/);
    await refused(() => um.users.remove('boss@acme.com'), /^only admins can remove an admin/);
    await refused(() => um.users.enable('boss@acme.com'), /^only admins can enable an admin/);
    await refused(() => um.users.passwd('boss@acme.com', 'taken over at last'), /^only admins can reset the password of an admin/);
    await refused(() => um.users.edit('bia@acme.com', { role: 'admin' }), /^only admins can make an admin/);
    await refused(() => um.users.edit('um@acme.com', { role: 'admin' }), /^only admins can make an admin/);
  });

  it('the owner and admins may give anything, by any path', async () => {
    const ana = await t.as('ana@acme.com');
    await ana.departments.addMembers('Supervisão', ['bia@acme.com']);
    await ana.users.edit('bia@acme.com', { addPermissions: ['phones.manage'], departments: ['Supervisão', 'RH'] });
    await ana.users.passwd('sup@acme.com', 'reset by an admin');
    await t.owner.users.add({ email: 'boss@acme.com', name: 'Boss', password: PW, role: 'admin' });
    await ana.users.passwd('boss@acme.com', 'reset by an admin');
    expect(await effective('bia@acme.com')).toEqual(['chats.view_all', 'users.manage', 'phones.manage', 'audit.view']);
  });

  it('the rule holds around every change, even one that forgets to check (the class, not the instance)', async () => {
    const state = await t.store.state.read();
    const actor = { type: 'user' as const, userId: state.users.find((u) => u.email === 'dm@acme.com')!.id };
    const ctx = new OperationContext(t.engine.deps, actor);
    // A change that joins a powerful department straight through the draft, with no check of its own.
    await refused(
      () => ctx.change('departments.manage', 'test', ({ draft }) => void draft.departments.find((d) => d.name === 'Supervisão')!.members.push(actor.userId)),
      /^you cannot give chats\.view_all and audit\.view to yourself \(through department "Supervisão"\)/,
    );
    await refused(
      () => ctx.change(null, 'test', ({ draft }) => void draft.users.find((u) => u.email === 'bia@acme.com')!.permissions.push('audit.view')),
      /^you cannot give audit\.view to bia@acme\.com \(as their own permission\)/,
    );
    await refused(
      () =>
        ctx.change(null, 'test', ({ draft }) => {
          draft.users.find((u) => u.email === 'ana@acme.com')!.name = 'X';
        }),
      /^only admins can create, change or remove an admin/,
    );
    await refused(
      () =>
        ctx.change(null, 'test', ({ draft }) => {
          draft.users.find((u) => u.email === 'bia@acme.com')!.role = 'admin';
        }),
      /^only admins/,
    );
    // A change that gives nothing passes.
    await ctx.change(null, 'test', ({ draft }) => {
      draft.users.find((u) => u.email === 'bia@acme.com')!.name = 'Bia B';
    });
  });
});
