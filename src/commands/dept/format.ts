import type { Factory } from '../../cli/factory.js';
import { printFields, type Column } from '../../cli/table.js';
import type { DepartmentView } from '../../core/views.js';
import { t } from '../../i18n/translate.js';

export function departmentColumns(): Column<DepartmentView>[] {
  return [
    { header: t`Name`, cell: (d) => d.name },
    { header: t`Members`, cell: (d) => d.members.length },
    { header: t`Permissions`, cell: (d) => d.permissions.join(', ') || null },
  ];
}

export function printDepartment(f: Factory, dept: DepartmentView): void {
  printFields(
    f.io,
    [
      [t`Name`, dept.name],
      [t`Members`, dept.members.map((m) => `${m.name} <${m.email}>`).join(', ') || null],
      [t`Permissions`, dept.permissions.join(', ') || null],
      [t`Created`, { time: dept.createdAt }],
    ],
    f.now(),
  );
}
