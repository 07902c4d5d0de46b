import { Command } from 'commander';
import type { Factory } from '../../cli/factory.js';
import { jsonFlag, printResult } from '../../cli/json.js';
import { collect, examples, success } from '../../cli/command-helpers.js';
import { printFields, type Cell } from '../../cli/table.js';
import type { PhoneHoursView } from '../../core/views.js';
import { WEEKDAYS, type Weekday } from '../../core/model.js';
import type { HoursChange } from '../../core/ops/phones.js';
import { formatDateTime, formatList } from '../../i18n/format.js';
import { t } from '../../i18n/translate.js';

export interface PhoneHoursOptions {
  tz?: string;
  holiday: string[];
  removeHoliday: string[];
  /** The text; false with --no-reply; undefined when neither is given. */
  reply?: string | false;
  off?: boolean;
  json: boolean;
}

export function phoneHoursCommand(f: Factory, run = phoneHours): Command {
  return new Command('hours')
    .description(t`Show or set when a number is attended: outside its hours new chats wait for opening time, and customers get an automatic reply`)
    .argument('<number>', t`the phone number`)
    .argument('[hours...]', t`days and hours, like mon-fri 08:00-18:00 sat 09:00-13:00 (Portuguese days too: seg-sex, sáb, dom); none: show them`)
    .option('--tz <zone>', t`the IANA time zone they are read in, e.g. America/Sao_Paulo; none: the account's`)
    .option('--holiday <date>', t`a whole day closed, YYYY-MM-DD (repeatable, comma lists too)`, collect, [])
    .option('--remove-holiday <date>', t`a holiday no longer closed (repeatable)`, collect, [])
    .option('--reply <text>', t`the automatic reply out of hours, sent once per conversation per closed period`)
    .option('--no-reply', t`send no automatic reply`)
    .option('--off', t`drop the hours: always open`)
    .addOption(jsonFlag(t`the phone and its hours`))
    .addHelpText(
      'after',
      examples(
        'guru phone hours +5511999990000',
        'guru phone hours +5511999990000 mon-fri 08:00-18:00 sat 09:00-13:00 --tz America/Sao_Paulo',
        'guru phone hours +5511999990000 seg-sex 08:00-12:00 13:00-18:00 --reply "Olá! Atendemos de segunda a sexta, das 8h às 18h."',
        'guru phone hours +5511999990000 --holiday 2026-12-25,2027-01-01',
        'guru phone hours +5511999990000 --off',
      ),
    )
    .action((number: string, hours: string[], opts: PhoneHoursOptions) => run(f, number, hours, opts));
}

export async function phoneHours(f: Factory, number: string, spec: string[], opts: PhoneHoursOptions): Promise<void> {
  const change: HoursChange = {
    ...(spec.length > 0 ? { spec: spec.join(' ') } : {}),
    ...(opts.tz !== undefined ? { timeZone: opts.tz.trim().toLowerCase() === 'none' ? null : opts.tz } : {}),
    ...(opts.holiday.length > 0 ? { addHolidays: opts.holiday } : {}),
    ...(opts.removeHoliday.length > 0 ? { removeHolidays: opts.removeHoliday } : {}),
    ...(opts.reply !== undefined ? { reply: opts.reply === false ? null : opts.reply } : {}),
    ...(opts.off ? { off: true } : {}),
  };
  const client = await f.client();
  const setting = Object.keys(change).length > 0;
  const phone = setting ? await client.phones.setHours(number, change) : await client.phones.show(number);
  printResult(f.io, opts, phone, () => {
    if (setting) {
      success(f.io, phone.hours ? t`Opening hours of ${phone.number} set` : t`${phone.number} has no opening hours now: always open`);
    }
    if (phone.hours) printHours(f, phone.hours);
    else if (!setting) {
      f.io.err(`${t`${phone.number} has no opening hours: always open — set them like \`guru phone hours ${phone.number} mon-fri 08:00-18:00\``}\n`);
    }
  });
}

function printHours(f: Factory, hours: PhoneHoursView): void {
  const fields: [string, Cell][] = WEEKDAYS.map((day) => {
    const ranges = hours.week[day] ?? [];
    return [dayName(day), ranges.length === 0 ? t`closed all day` : ranges.map((r) => `${r.from}-${r.to}`).join(' ')];
  });
  fields.push([t`Time zone`, hours.timeZone]);
  fields.push([t`Holidays`, hours.holidays.length === 0 ? null : f.io.isStdoutTTY ? formatList(hours.holidays) : hours.holidays.join(',')]);
  fields.push([t`Automatic reply`, hours.reply]);
  fields.push([t`Now`, nowText(hours, f.io.isStdoutTTY)]);
  printFields(f.io, fields, f.now());
}

/** Open or closed now, and when it opens (in the hours' zone on a TTY, ISO when piped). */
export function nowText(hours: Pick<PhoneHoursView, 'open' | 'opensAt' | 'timeZone'>, tty: boolean): string {
  if (hours.open) return t`open now`;
  if (hours.opensAt === null) return t`closed, with no opening ahead`;
  const when = tty ? formatDateTime(hours.opensAt, hours.timeZone) : hours.opensAt;
  return t`closed — opens ${when}`;
}

/** A weekday's name in the reader's language. */
export function dayName(day: Weekday): string {
  switch (day) {
    case 'mon':
      return t`Monday`;
    case 'tue':
      return t`Tuesday`;
    case 'wed':
      return t`Wednesday`;
    case 'thu':
      return t`Thursday`;
    case 'fri':
      return t`Friday`;
    case 'sat':
      return t`Saturday`;
    case 'sun':
      return t`Sunday`;
  }
}
