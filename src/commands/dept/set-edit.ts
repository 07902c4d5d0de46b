import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { examples, success } from '../../cli/command-helpers.js';
import { t } from '../../i18n/translate.js';

/**
 * `guru dept member add|remove <dept> <email>...` and `guru dept perm add|remove <dept> <perm>...`:
 * four verbs that each add or remove items of one of a department's two sets.
 */
type Group = 'member' | 'perm';
type Verb = 'add' | 'remove';

const GROUPS = {
  member: { item: 'email', add: 'addMembers', remove: 'removeMembers', example: 'bia@acme.com caio@acme.com' },
  perm: { item: 'permission', add: 'addPermissions', remove: 'removePermissions', example: 'chats.send chats.close' },
} as const;

/** The help texts of the four verbs, whole sentences so each reads naturally once translated. */
function helpTexts(group: Group, verb: Verb): { description: string; items: string } {
  if (group === 'member') {
    return { description: verb === 'add' ? t`Add members to a department` : t`Remove members from a department`, items: t`one or more members` };
  }
  return { description: verb === 'add' ? t`Add permissions to a department` : t`Remove permissions from a department`, items: t`one or more permissions` };
}

export function deptSetEditCommand(f: Factory, group: Group, verb: Verb, run = deptSetEdit): Command {
  const g = GROUPS[group];
  const help = helpTexts(group, verb);
  return new Command(verb)
    .description(help.description)
    .argument('<dept>', t`department name`)
    .argument(`<${g.item}...>`, help.items)
    .addOption(jsonFlag(t`the department`))
    .addHelpText('after', examples(`guru dept ${group} ${verb} Vendas ${g.example}`))
    .action((dept: string, items: string[], opts: { json: boolean }) => run(f, group, verb, dept, items, opts));
}

export async function deptSetEdit(f: Factory, group: Group, verb: Verb, name: string, items: string[], opts: { json: boolean }): Promise<void> {
  const client = await f.client();
  const dept = await client.departments[GROUPS[group][verb]](name, items);
  printResult(f.io, opts, dept, () =>
    success(f.io, verb === 'add' ? t`${dept.name}: added ${items.join(', ')}` : t`${dept.name}: removed ${items.join(', ')}`),
  );
}

export function deptGroupCommand(f: Factory, group: Group): Command {
  return new Command(group)
    .description(group === 'member' ? t`Change a department's members` : t`Change a department's permissions`)
    .addCommand(deptSetEditCommand(f, group, 'add'))
    .addCommand(deptSetEditCommand(f, group, 'remove'));
}
