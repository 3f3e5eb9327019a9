import { DomainError } from '@pairline/domain';

/**
 * Checks an xlsx (a zip) from its central directory before any of it is inflated: a zip bomb
 * declares entries that expand far beyond any real workbook. Reading the declared sizes costs
 * nothing; a file that lies about them fails later in the zip reader as a damaged workbook.
 */
export interface ZipLimits {
  /** Sum of every entry's declared uncompressed size. */
  readonly maxUncompressedBytes: number;
  /** Largest expansion of any one entry (uncompressed / compressed). */
  readonly maxRatio: number;
  readonly maxEntries: number;
}

export const XLSX_ZIP_LIMITS: ZipLimits = { maxUncompressedBytes: 100 * 1024 * 1024, maxRatio: 200, maxEntries: 2_000 };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;

const unreadable = () => new DomainError('unprocessable', 'workbook_unreadable', 'The workbook could not be read: it is truncated or damaged. Save it again from Excel and re-upload it.');
const bomb = (why: string) => new DomainError('unprocessable', 'workbook_too_large_uncompressed', `The workbook expands to more than a real workbook would (${why}); it was not opened.`);

export function assertSafeZip(bytes: Uint8Array, limits: ZipLimits = XLSX_ZIP_LIMITS): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record sits in the last 22 bytes plus a comment of at most 65,535.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw unreadable();
  const entries = view.getUint16(end + 10, true);
  const size = view.getUint32(end + 12, true);
  const offset = view.getUint32(end + 16, true);
  if (entries === 0xffff || offset === 0xffffffff) throw bomb('ZIP64 archive');
  if (entries > limits.maxEntries) throw bomb(`${entries} entries`);
  if (offset + size > bytes.length) throw unreadable();
  let position = offset;
  let total = 0;
  for (let n = 0; n < entries; n++) {
    if (position + 46 > bytes.length || view.getUint32(position, true) !== CENTRAL) throw unreadable();
    const compressed = view.getUint32(position + 20, true);
    const uncompressed = view.getUint32(position + 24, true);
    if (compressed === 0xffffffff || uncompressed === 0xffffffff) throw bomb('ZIP64 entry');
    total += uncompressed;
    if (total > limits.maxUncompressedBytes) throw bomb(`over ${Math.round(limits.maxUncompressedBytes / (1024 * 1024))} MB`);
    if (uncompressed > 1024 * 1024 && uncompressed / Math.max(compressed, 1) > limits.maxRatio) throw bomb(`an entry expands ${Math.round(uncompressed / Math.max(compressed, 1))} times`);
    position += 46 + view.getUint16(position + 28, true) + view.getUint16(position + 30, true) + view.getUint16(position + 32, true);
  }
}
