import { DomainError } from '../errors/domain-error';
import { checkFileComplete, classifyEvidenceFile, EVIDENCE_FILE_KINDS, inspectZipEnd, sanitiseFilename, Utf8TextCheck } from './files';

const bytes = (...parts: (string | number[])[]) => Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

/** A stored (uncompressed) zip, or one whose directory declares other sizes than it holds. */
function zip(entries: { name: string; size: number; declaredCompressed?: number; declaredSize?: number }[]): Uint8Array {
  const out: number[] = [];
  const central: number[] = [];
  const le = (n: number, width: number) => Array.from({ length: width }, (_, i) => Math.floor(n / 256 ** i) % 256);
  for (const e of entries) {
    const offset = out.length;
    const name = [...e.name].map((c) => c.charCodeAt(0));
    out.push(...le(0x04034b50, 4), ...le(20, 2), ...new Array(12).fill(0), ...le(e.size, 4), ...le(e.size, 4), ...le(name.length, 2), 0, 0, ...name, ...new Array(e.size).fill(0x61));
    central.push(...le(0x02014b50, 4), ...le(20, 2), ...le(20, 2), ...new Array(12).fill(0), ...le(e.declaredCompressed ?? e.size, 4), ...le(e.declaredSize ?? e.size, 4), ...le(name.length, 2), ...new Array(12).fill(0), ...le(offset, 4), ...name);
  }
  const cdOffset = out.length;
  out.push(...central, ...le(0x06054b50, 4), 0, 0, 0, 0, ...le(entries.length, 2), ...le(entries.length, 2), ...le(central.length, 4), ...le(cdOffset, 4), 0, 0);
  return Uint8Array.from(out);
}

describe('filename sanitising', () => {
  it.each([
    ['../../etc/passwd', 'passwd'],
    ['C:\\Users\\me\\DSPT 2026.pdf', 'DSPT 2026.pdf'],
    ['report\u0000.pdf', 'report.pdf'],
    ['line\r\nbreak.txt', 'linebreak.txt'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['..', 'file'],
    ['.hidden.pdf', 'hidden.pdf'],
    ['name.pdf. . ', 'name.pdf'],
    ['a<b>c:"d|e?f*.csv', 'a_b_c__d_e_f_.csv'],
    ['', 'file'],
  ])('%j → %j', (raw, expected) => expect(sanitiseFilename(raw)).toBe(expected));

  it('shortens a long name and keeps its extension', () => {
    const long = sanitiseFilename(`${'x'.repeat(300)}.docx`);
    expect(long).toHaveLength(200);
    expect(long.endsWith('.docx')).toBe(true);
  });
});

describe('content classification', () => {
  const pdf = { ext: 'pdf', mime: 'application/pdf' };
  it('accepts content that matches its extension, with the stored content type from the allow-list', () => {
    expect(classifyEvidenceFile('a.PDF', pdf).contentType).toBe('application/pdf');
    expect(classifyEvidenceFile('a.jpeg', { ext: 'jpg', mime: 'image/jpeg' }).contentType).toBe('image/jpeg');
    expect(classifyEvidenceFile('legacy.xls', { ext: 'cfb', mime: 'application/x-cfb' }).contentType).toBe('application/vnd.ms-excel');
    expect(classifyEvidenceFile('notes.csv', undefined).detection).toBe('text');
  });

  it.each([
    ['setup.exe', { ext: 'exe', mime: 'application/x-msdownload' }, /\.exe files are not accepted/],
    ['README', undefined, /without an extension/],
    ['report.pdf', { ext: 'exe', mime: 'application/x-msdownload' }, /named \.pdf but its content is a Windows executable/],
    ['report.pdf', { ext: 'zip', mime: 'application/zip' }, /named \.pdf but its content is a zip archive/],
    ['report.pdf', undefined, /not a recognisable PDF/],
    ['sheet.xlsx', { ext: 'zip', mime: 'application/zip' }, /named \.xlsx but its content is a zip archive/],
    ['sheet.docx', { ext: 'xlsx', mime: 'x' }, /Excel workbook/],
    ['data.csv', pdf, /named \.csv but its content is a PDF, not text/],
  ])('refuses %s as %j with 415', (name, detected, message) => {
    let error: unknown;
    try {
      classifyEvidenceFile(name, detected);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).kind).toBe('unsupported_media');
    expect((error as DomainError).message).toMatch(message);
  });
});

describe('UTF-8 text check', () => {
  const check = (...chunks: number[][]) => {
    const c = new Utf8TextCheck();
    return chunks.every((chunk) => c.push(Uint8Array.from(chunk))) && c.end();
  };
  it('accepts ASCII and multibyte text, split anywhere across chunks', () => {
    const euro = [0xe2, 0x82, 0xac];
    expect(check([0x61, 0x2c, 0x62, 0x0a])).toBe(true);
    expect(check([0x61, euro[0]], [euro[1]], [euro[2], 0x0a])).toBe(true);
    expect(check([0xf0, 0x9f, 0x98], [0x80])).toBe(true);
  });
  it('refuses NULs, stray continuation bytes, overlongs, surrogates, beyond U+10FFFF and a cut-off end', () => {
    expect(check([0x61, 0x00])).toBe(false);
    expect(check([0x80])).toBe(false);
    expect(check([0xc0, 0xaf])).toBe(false);
    expect(check([0xe0, 0x80, 0xaf])).toBe(false);
    expect(check([0xed, 0xa0, 0x80])).toBe(false);
    expect(check([0xf4, 0x90, 0x80, 0x80])).toBe(false);
    expect(check([0x61, 0xe2, 0x82])).toBe(false);
  });
});

describe('completeness and zip bombs', () => {
  const kind = (ext: string) => EVIDENCE_FILE_KINDS[ext];
  const whole = (file: Uint8Array, ext: string) => checkFileComplete(kind(ext), file.subarray(0, 64), file, file.length);

  it('wants the end marker of PDFs, PNGs, JPEGs and GIFs', () => {
    expect(whole(bytes('%PDF-1.7\n...\n%%EOF\n'), 'pdf')).toBeNull();
    expect(whole(bytes('%PDF-1.7\n1 0 obj <<'), 'pdf')).toMatchObject({ code: 'evidence_file_truncated' });
    expect(whole(bytes([0x89], 'PNG', [0, 0, 0, 0], 'IEND', [0xae, 0x42, 0x60, 0x82]), 'png')).toBeNull();
    expect(whole(bytes([0x89], 'PNG', [0, 0, 0, 13], 'IHDR'), 'png')).toMatchObject({ code: 'evidence_file_truncated' });
    expect(whole(bytes([0xff, 0xd8, 0xff, 0xe0, 1, 2, 0xff, 0xd9]), 'jpg')).toBeNull();
    expect(whole(bytes([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), 'jpg')).not.toBeNull();
    expect(whole(bytes('GIF89a', [1, 2, 0x3b]), 'gif')).toBeNull();
  });

  it('reads a WebP length from its header', () => {
    const webp = bytes('RIFF', [12, 0, 0, 0], 'WEBPVP8 ', [0, 0, 0, 0]);
    expect(whole(webp, 'webp')).toBeNull();
    expect(whole(webp.subarray(0, 16), 'webp')).toMatchObject({ code: 'evidence_file_truncated' });
  });

  it('accepts a whole zip and refuses one cut short or with its directory out of place', () => {
    const file = zip([{ name: 'a.txt', size: 100 }, { name: 'b.txt', size: 50 }]);
    expect(whole(file, 'zip')).toBeNull();
    expect(whole(file.subarray(0, file.length - 30), 'zip')).toMatchObject({ code: 'evidence_file_truncated' });
    expect(whole(file.subarray(0, 120), 'zip')).toMatchObject({ code: 'evidence_file_truncated' });
    // Only the end of a large file is kept: the same verdict from a tail window.
    const tail = file.subarray(100);
    expect(inspectZipEnd(tail, file.length)).toBeNull();
  });

  it('refuses archives that declare far more than they hold, without inflating anything', () => {
    const bomb = zip([{ name: 'zeros', size: 10, declaredCompressed: 10_000, declaredSize: 4_000_000_000 }]);
    expect(whole(bomb, 'zip')).toMatchObject({ code: 'evidence_archive_refused', message: expect.stringMatching(/zip bomb/) });
    const ratio = zip([{ name: 'zeros', size: 10, declaredCompressed: 100_000, declaredSize: 50_000_000 }]);
    expect(whole(ratio, 'docx')).toMatchObject({ code: 'evidence_archive_refused', message: expect.stringMatching(/500-fold/) });
    // Text compresses well; a modest ratio on a modest archive is normal.
    expect(whole(zip([{ name: 'log', size: 10, declaredCompressed: 100_000, declaredSize: 5_000_000 }]), 'zip')).toBeNull();
    expect(whole(zip([{ name: 'big', size: 10, declaredSize: 0xffffffff }]), 'zip')).toMatchObject({ code: 'evidence_archive_refused', message: expect.stringMatching(/ZIP64/) });
  });

  it('has nothing to check at the end of text and legacy Office files', () => {
    expect(whole(bytes('a,b\n'), 'csv')).toBeNull();
    expect(whole(bytes([0xd0, 0xcf, 0x11, 0xe0]), 'doc')).toBeNull();
  });
});
