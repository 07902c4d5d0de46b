import { guruOk } from './guru.js';
import { initStoreFlags } from './postgres.js';

export const PASSWORD = 'correct horse battery';
export const SP = '+5511999990000';

/** A small team (admin Ana, Bia, Caio in Vendas) with one phone; seats as given. */
export async function seedTeam(home: string, seats = 10): Promise<void> {
  const pw = { stdin: PASSWORD };
  await guruOk(
    home,
    // In the `postgres` project, in a fresh schema of the run's PostgreSQL (`guru init --store`).
    ['init', ...initStoreFlags(), '--name', 'Acme', '--seats', String(seats), '--admin-email', 'ana@acme.com', '--admin-name', 'Ana Souza', '--password-stdin'],
    pw,
  );
  await guruOk(home, ['dept', 'add', 'Vendas', '--perm', 'chats.send']);
  await guruOk(home, ['user', 'add', '--email', 'bia@acme.com', '--name', 'Bia', '--password-stdin'], pw);
  await guruOk(home, ['user', 'add', '--email', 'caio@acme.com', '--name', 'Caio', '--dept', 'Vendas', '--password-stdin'], pw);
  await guruOk(home, ['phone', 'add', SP]);
}
