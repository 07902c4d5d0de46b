import type { Factory } from '../../cli/factory.js';
import { printFields, type Column } from '../../cli/table.js';
import type { DepartmentView } from '../../core/views.js';

export const departmentColumns: Column<DepartmentView>[] = [
  { header: 'Name', cell: (d) => d.name },
  { header: 'Members', cell: (d) => d.members.length },
  { header: 'Permissions', cell: (d) => d.permissions.join(', ') || null },
];

export function printDepartment(f: Factory, dept: DepartmentView): void {
  printFields(
    f.io,
    [
      ['Name', dept.name],
      ['Members', dept.members.map((m) => `${m.name} <${m.email}>`).join(', ') || null],
      ['Permissions', dept.permissions.join(', ') || null],
      ['Created', { time: dept.createdAt }],
    ],
    f.now(),
  );
}
