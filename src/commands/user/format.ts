import type { Factory } from '../../cli/factory.js';
import { printFields, type Cell, type Column } from '../../cli/table.js';
import type { UserView } from '../../core/views.js';

export const userColumns: Column<UserView>[] = [
  { header: 'Email', cell: (u) => u.email },
  { header: 'Name', cell: (u) => u.name },
  { header: 'Role', cell: (u) => u.role },
  { header: 'Status', cell: (u) => (u.active ? 'active' : 'disabled') },
  { header: 'Online', cell: (u) => (u.online ? 'online' : null) },
  { header: 'Departments', cell: (u) => u.departments.join(', ') || null },
  { header: 'Visible name', cell: (u) => u.visibleName },
];

export function printUser(f: Factory, user: UserView): void {
  const invite: [string, Cell][] = user.inviteExpiresAt ? [['Invite valid until', { time: user.inviteExpiresAt }]] : [];
  printFields(
    f.io,
    [
      ['Email', user.email],
      ['Name', user.name],
      ['Visible name', user.visibleName],
      ['Role', user.role],
      ['Status', user.active ? 'active' : 'disabled'],
      ['Online', user.online],
      ['Departments', user.departments.join(', ') || null],
      ['WhatsApp', user.whatsapp],
      ['Password', user.passwordSet ? 'set' : user.inviteExpiresAt ? 'not yet — invited' : 'not set — send an invite with `guru user invite`'],
      ...invite,
      ['Permissions', user.permissions.join(', ') || null],
      ['Effective', user.role === 'admin' ? 'all (admin)' : user.effectivePermissions.join(', ') || null],
      ['Created', { time: user.createdAt }],
    ],
    f.now(),
  );
}
