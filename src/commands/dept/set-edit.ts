import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';

/**
 * `guru dept member add|remove <dept> <email>...` and `guru dept perm add|remove <dept> <perm>...`:
 * four verbs that each add or remove items of one of a department's two sets.
 */
type Group = 'member' | 'perm';
type Verb = 'add' | 'remove';

const GROUPS = {
  member: { item: 'email', items: 'members', add: 'addMembers', remove: 'removeMembers', example: 'bia@acme.com caio@acme.com' },
  perm: { item: 'permission', items: 'permissions', add: 'addPermissions', remove: 'removePermissions', example: 'chats.send chats.close' },
} as const;

export function deptSetEditCommand(f: Factory, group: Group, verb: Verb, run = deptSetEdit): Command {
  const g = GROUPS[group];
  return new Command(verb)
    .description(`${verb === 'add' ? 'Add' : 'Remove'} ${g.items} ${verb === 'add' ? 'to' : 'from'} a department`)
    .argument('<dept>', 'department name')
    .argument(`<${g.item}...>`, `one or more ${g.items}`)
    .addOption(jsonFlag('the department'))
    .addHelpText('after', examples(`guru dept ${group} ${verb} Vendas ${g.example}`))
    .action((dept: string, items: string[], opts: { json: boolean }) => run(f, group, verb, dept, items, opts));
}

export async function deptSetEdit(f: Factory, group: Group, verb: Verb, name: string, items: string[], opts: { json: boolean }): Promise<void> {
  const client = await f.client();
  const dept = await client.departments[GROUPS[group][verb]](name, items);
  printResult(f.io, opts, dept, () => success(f.io, `${dept.name}: ${verb === 'add' ? 'added' : 'removed'} ${items.join(', ')}`));
}

export function deptGroupCommand(f: Factory, group: Group): Command {
  return new Command(group)
    .description(group === 'member' ? "Change a department's members" : "Change a department's permissions")
    .addCommand(deptSetEditCommand(f, group, 'add'))
    .addCommand(deptSetEditCommand(f, group, 'remove'));
}
