import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { candidate, safeFileName, saveInto } from '../../src/cli/save-file.js';

describe('saving a customer’s file', () => {
  it('makes a name safe to create here: no separators, hidden characters or leading dots', () => {
    expect(safeFileName('../../etc/passwd', 'file')).toBe('_.._etc_passwd');
    expect(safeFileName('fatura\u202Efdp.exe', 'file')).toBe('faturafdp.exe');
    expect(safeFileName('...', 'document')).toBe('document');
    expect(safeFileName(null, 'photo.jpg')).toBe('photo.jpg');
    const long = safeFileName(`${'a'.repeat(300)}.pdf`, 'file');
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(200);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('numbers a second copy before a real extension, and at the end of a name without one', () => {
    expect(candidate('pedido.pdf', 1)).toBe('pedido (1).pdf');
    expect(candidate('foto.final.jpeg', 2)).toBe('foto.final (2).jpeg');
    expect(candidate('_.._etc_passwd', 1)).toBe('_.._etc_passwd (1)');
    expect(candidate('LEIAME', 1)).toBe('LEIAME (1)');
  });

  it('never writes over a file: the second save of a name gets (1), each 0600', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'guru-save-'));
    const first = await saveInto(dir, 'pedido.pdf', Readable.from([Buffer.from('one')]));
    const second = await saveInto(dir, 'pedido.pdf', Readable.from([Buffer.from('two')]));
    expect(second).toBe(join(dir, 'pedido (1).pdf'));
    expect(await readFile(first, 'utf8')).toBe('one');
    expect(await readFile(second, 'utf8')).toBe('two');
    expect((await stat(second)).mode & 0o777).toBe(0o600);
  });
});
