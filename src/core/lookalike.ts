import { conflict } from './errors.js';
import { codePoint } from './validate.js';
import { t } from '../i18n/translate.js';

// The look-alike rule for names. The confusables table takes some 10 ms to load, so it is read
// only by the operations that change names (they await `loadConfusables()` first), never on a
// read such as `guru user list` running the engine in-process.
let unhomoglyph: ((text: string) => string) | null = null;

/** Loads the confusables table; an operation that may call `requireDistinctLooking` awaits it first. */
export async function loadConfusables(): Promise<void> {
  unhomoglyph ??= (await import('unhomoglyph')).default;
}

/**
 * Refuses `name` when it reads like one of `existing` but is not it: it differs only by
 * look-alike characters (a Cyrillic "а" in "Vendas", fullwidth "Ｖｅｎｄａｓ"), so two
 * departments, colleagues, signatures or phones would look the same on screen and in the
 * audit. The same name (or the same up to case) is not this rule's business. `kind` says what
 * the existing one is (t`department`, t`user name`…, in the reader's language), for the error.
 */
export function requireDistinctLooking(name: string, existing: Iterable<string | null | undefined>, kind: string): void {
  const mine = skeletons(name);
  for (const other of existing) {
    if (!other || fold(other) === fold(name)) continue;
    const theirs = skeletons(other);
    if (theirs[0] === mine[0] || theirs[1] === mine[1]) {
      const lookalikes = [...new Set([...name].filter((c) => c > '\u007f' && skeletons(c)[0] !== c.normalize('NFD')))];
      const shown = lookalikes.map((c) => `"${c}" ${codePoint(c)}`).join(', ') || t`none shown`;
      throw conflict(
        t`"${name}" looks the same as the existing ${kind} "${other}" (look-alike characters: ${shown}) — use "${other}" itself, or a name that reads differently`,
      );
    }
  }
}

const fold = (text: string) => text.normalize('NFC').toLowerCase();

// Default-ignorable characters (zero-width space, joiners, variation selectors) show as nothing.
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/**
 * The UTS #39 skeleton (the confusables mapping of the Unicode data, via `unhomoglyph`, between
 * NFD passes) after NFKC, which folds fullwidth and compatibility forms; once as typed (Cyrillic
 * "В" is a B, its lower case "в" is not) and once lower-cased ("vеndas" against "Vendas").
 */
function skeletons(text: string): [string, string] {
  const known = SKELETONS.get(text);
  if (known) return known;
  const confusable = unhomoglyph;
  if (!confusable) throw new Error('the confusables table is not loaded: await loadConfusables() before the change');
  const compatible = text.normalize('NFKC');
  const skeleton = (s: string) => confusable(s.normalize('NFD').replace(IGNORABLE, '')).normalize('NFD');
  const both: [string, string] = [skeleton(compatible), skeleton(compatible.toLowerCase())];
  // Every add or rename compares against all existing names (some µs each): remember them.
  if (SKELETONS.size >= 10_000) SKELETONS.clear();
  SKELETONS.set(text, both);
  return both;
}

const SKELETONS = new Map<string, [string, string]>();
