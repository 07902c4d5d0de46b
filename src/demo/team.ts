import type { Client } from '../client/client.js';

/** The training sandbox's team (the seed's "Treinamento de usuários"): fictional, Portuguese. */
export const DEMO_PASSWORD = 'guru-demo-123';
export const DEMO_PHONE = '+5511999990000';

export const DEMO_USERS = [
  { email: 'ana@loja.example', name: 'Ana Souza', visibleName: 'Ana', role: 'admin' as const, departments: [] },
  { email: 'bia@loja.example', name: 'Bia Lima', visibleName: 'Bia', role: 'normal' as const, departments: ['Vendas'] },
  { email: 'caio@loja.example', name: 'Caio Reis', visibleName: 'Caio', role: 'normal' as const, departments: ['Vendas'] },
  { email: 'duda@loja.example', name: 'Duda Melo', visibleName: 'Duda', role: 'normal' as const, departments: ['Suporte'] },
  { email: 'edu@loja.example', name: 'Edu Rocha', visibleName: null, role: 'normal' as const, departments: ['Suporte'] },
];

/** Seeds account, departments, users, the phone and its rodízio through the ordinary client. */
export async function seedDemoTeam(client: Client): Promise<void> {
  const [admin, ...others] = DEMO_USERS;
  await client.account.init({
    accountName: 'Loja Exemplo',
    seats: 6,
    adminEmail: admin!.email,
    adminName: admin!.name,
    adminPassword: DEMO_PASSWORD,
  });
  await client.users.edit(admin!.email, { visibleName: admin!.visibleName });
  await client.departments.add('Vendas', ['chats.send', 'chats.transfer', 'chats.view_unassigned']);
  await client.departments.add('Suporte', ['chats.send', 'chats.close']);
  for (const u of others) {
    await client.users.add({ ...u, password: DEMO_PASSWORD });
  }
  await client.phones.add(DEMO_PHONE, 'Loja (demo)');
  // The admin first, but only while online: `guru demo`'s inbox gets the first customer.
  await client.roundRobin.add(DEMO_PHONE, `user:${admin!.email}`, { skipOffline: true });
  await client.roundRobin.add(DEMO_PHONE, 'user:bia@loja.example', { times: 2 });
  await client.roundRobin.add(DEMO_PHONE, 'dept:Vendas', { skipOffline: true });
  await client.roundRobin.add(DEMO_PHONE, 'user:duda@loja.example');
  await client.roundRobin.add(DEMO_PHONE, 'user:edu@loja.example', { active: false });
}
