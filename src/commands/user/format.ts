import type { Factory } from '../../cli/factory.js';
import { printFields, type Cell, type Column } from '../../cli/table.js';
import { availabilityWord } from '../../core/availability.js';
import type { UserView } from '../../core/views.js';
import { t } from '../../i18n/translate.js';

export function userColumns(): Column<UserView>[] {
  return [
    { header: t`Email`, cell: (u) => u.email },
    { header: t`Name`, cell: (u) => u.name },
    { header: t`Role`, cell: (u) => u.role },
    { header: t`Status`, cell: (u) => (u.active ? t`active` : t`disabled`) },
    // Connected: online, busy or away (`guru status`); offline stays blank.
    { header: t`Online`, cell: (u) => (u.online && u.availability !== 'offline' ? availabilityWord(u.availability) : null) },
    { header: t`Departments`, cell: (u) => u.departments.join(', ') || null },
    { header: t`Visible name`, cell: (u) => u.visibleName },
  ];
}

export function printUser(f: Factory, user: UserView): void {
  const invite: [string, Cell][] = user.inviteExpiresAt ? [[t`Invite valid until`, { time: user.inviteExpiresAt }]] : [];
  printFields(
    f.io,
    [
      [t`Email`, user.email],
      [t`Name`, user.name],
      [t`Visible name`, user.visibleName],
      [t`Role`, user.role],
      [t`Status`, user.active ? t`active` : t`disabled`],
      [t`Online`, user.online ? availabilityWord(user.availability) : false],
      [t`Departments`, user.departments.join(', ') || null],
      ['WhatsApp', user.whatsapp],
      [t`Password`, user.passwordSet ? t`set` : user.inviteExpiresAt ? t`not yet — invited` : t`not set — send an invite with \`guru user invite\``],
      ...invite,
      [t`Permissions`, user.permissions.join(', ') || null],
      [t`Effective`, user.role === 'admin' ? t`all (admin)` : user.effectivePermissions.join(', ') || null],
      [t`Created`, { time: user.createdAt }],
    ],
    f.now(),
  );
}
