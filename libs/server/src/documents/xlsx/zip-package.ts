import { DomainError, inspectZipEnd, type ZipLimits } from '@pairline/domain';
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * An Office Open XML package (xlsx, docx) as the zip it is, read and written at the level of its
 * entries. Saving copies every entry that was not replaced exactly as it was stored (its local
 * header, compressed bytes and data descriptor), so a part we did not touch leaves byte for byte
 * what came in; only the replaced parts are compressed anew. No zip library keeps entries raw
 * like this, and a workbook a regulator sent must go back unchanged outside the cells we own.
 */

interface Entry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
  /** The entry's central-directory record, as stored (name, extra field and comment included). */
  readonly central: Buffer;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_DESCRIPTOR = 0x08074b50;
const FLAG_DESCRIPTOR = 0x08;
const FLAG_ENCRYPTED = 0x01;
const STORED = 0;
const DEFLATED = 8;

/** Real workbooks are a few megabytes once inflated; these leave room and refuse bombs. */
export const PACKAGE_ZIP_LIMITS: ZipLimits = { maxUncompressedBytes: 200 * 1024 * 1024, maxRatio: 200, ratioAppliesAbove: 1024 * 1024, maxEntries: 5_000 };

export const unreadablePackage = (label: string) =>
  new DomainError('unprocessable', 'workbook_unreadable', `The ${label} could not be read: it is truncated or damaged. Save it again from Excel and upload it again.`);

export class ZipPackage {
  private readonly entries: Entry[];
  private readonly byName: Map<string, Entry>;

  private constructor(
    private readonly bytes: Buffer,
    entries: Entry[],
    private readonly comment: Buffer,
  ) {
    this.entries = entries;
    this.byName = new Map(entries.map((e) => [e.name, e]));
  }

  /** Refuses (4xx) a damaged zip, ZIP64, encryption and archives that would inflate past the limits. */
  static open(data: Uint8Array, label = 'workbook', limits: ZipLimits = PACKAGE_ZIP_LIMITS): ZipPackage {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const problem = inspectZipEnd(bytes, bytes.length, limits, label);
    if (problem?.code === 'evidence_file_truncated') throw unreadablePackage(label);
    if (problem) throw new DomainError('unprocessable', 'workbook_too_large_uncompressed', problem.message);
    const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const count = bytes.readUInt16LE(end + 10);
    let at = bytes.readUInt32LE(end + 16);
    const commentLength = bytes.readUInt16LE(end + 20);
    const entries: Entry[] = [];
    for (let n = 0; n < count; n++) {
      if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== SIG_CENTRAL) throw unreadablePackage(label);
      const nameLength = bytes.readUInt16LE(at + 28);
      const length = 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
      const entry: Entry = {
        flags: bytes.readUInt16LE(at + 8),
        method: bytes.readUInt16LE(at + 10),
        crc: bytes.readUInt32LE(at + 16),
        compressedSize: bytes.readUInt32LE(at + 20),
        size: bytes.readUInt32LE(at + 24),
        localOffset: bytes.readUInt32LE(at + 42),
        name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
        central: bytes.subarray(at, at + length),
      };
      if (entry.flags & FLAG_ENCRYPTED) throw new DomainError('unprocessable', 'workbook_encrypted', `The ${label} is password-protected; save it without a password and upload it again.`);
      if (entry.localOffset + 30 > bytes.length || bytes.readUInt32LE(entry.localOffset) !== SIG_LOCAL) throw unreadablePackage(label);
      entries.push(entry);
      at += length;
    }
    return new ZipPackage(bytes, entries, bytes.subarray(end + 22, end + 22 + commentLength));
  }

  /** Entry names in the order they are stored. */
  names(): string[] {
    return this.entries.map((e) => e.name);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The inflated bytes of an entry, checked against its CRC; null when there is no such entry. */
  read(name: string): Buffer | null {
    const entry = this.byName.get(name);
    if (!entry) return null;
    const raw = this.bytes.subarray(this.dataStart(entry), this.dataStart(entry) + entry.compressedSize);
    let data: Buffer;
    try {
      if (entry.method === STORED) data = Buffer.from(raw);
      else if (entry.method === DEFLATED) data = inflateRawSync(raw, { maxOutputLength: Math.max(entry.size, 1) });
      else throw new Error(`compression method ${entry.method}`);
    } catch {
      throw unreadablePackage('workbook');
    }
    if (data.length !== entry.size || crc32(data) !== entry.crc) throw unreadablePackage('workbook');
    return data;
  }

  /** An XML part as text (a byte-order mark dropped); null when there is no such entry. */
  text(name: string): string | null {
    const data = this.read(name);
    if (!data) return null;
    const text = data.toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }

  private dataStart(entry: Entry): number {
    const at = entry.localOffset;
    return at + 30 + this.bytes.readUInt16LE(at + 26) + this.bytes.readUInt16LE(at + 28);
  }

  /** Where an entry's stored form ends: its data, and the data descriptor when it has one. */
  private storedEnd(entry: Entry): number {
    let end = this.dataStart(entry) + entry.compressedSize;
    if (entry.flags & FLAG_DESCRIPTOR) end += end + 4 <= this.bytes.length && this.bytes.readUInt32LE(end) === SIG_DESCRIPTOR ? 16 : 12;
    return end;
  }

  /**
   * The package with some entries' contents replaced, every other entry copied as stored, in the
   * original order (which Office does not require, but a diff of the package is easier to read).
   */
  save(replacements: ReadonlyMap<string, Uint8Array | string>): Buffer {
    for (const name of replacements.keys()) if (!this.byName.has(name)) throw new Error(`No entry ${name} in the package`);
    const chunks: Buffer[] = [];
    const centrals: Buffer[] = [];
    let offset = 0;
    for (const entry of this.entries) {
      const replacement = replacements.get(entry.name);
      if (replacement === undefined) {
        const stored = this.bytes.subarray(entry.localOffset, this.storedEnd(entry));
        const central = Buffer.from(entry.central);
        central.writeUInt32LE(offset, 42);
        chunks.push(stored);
        centrals.push(central);
        offset += stored.length;
        continue;
      }
      const data = typeof replacement === 'string' ? Buffer.from(replacement, 'utf8') : Buffer.from(replacement.buffer, replacement.byteOffset, replacement.byteLength);
      const compressed = deflateRawSync(data, { level: 6 });
      const crc = crc32(data);
      const name = Buffer.from(entry.name, 'utf8');
      // The original's time stamp and UTF-8 flag are kept; no data descriptor, sizes are known.
      const flags = entry.flags & 0x0800;
      const local = Buffer.alloc(30);
      local.writeUInt32LE(SIG_LOCAL, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(flags, 6);
      local.writeUInt16LE(DEFLATED, 8);
      local.writeUInt32LE(entry.central.readUInt32LE(12), 10);
      local.writeUInt32LE(crc, 14);
      local.writeUInt32LE(compressed.length, 18);
      local.writeUInt32LE(data.length, 22);
      local.writeUInt16LE(name.length, 26);
      local.writeUInt16LE(0, 28);
      const central = Buffer.from(entry.central);
      central.writeUInt16LE(flags, 8);
      central.writeUInt16LE(DEFLATED, 10);
      central.writeUInt32LE(crc, 16);
      central.writeUInt32LE(compressed.length, 20);
      central.writeUInt32LE(data.length, 24);
      central.writeUInt32LE(offset, 42);
      chunks.push(local, name, compressed);
      centrals.push(central);
      offset += local.length + name.length + compressed.length;
    }
    const directory = Buffer.concat(centrals);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(SIG_END, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(directory.length, 12);
    end.writeUInt32LE(offset, 16);
    end.writeUInt16LE(this.comment.length, 20);
    return Buffer.concat([...chunks, directory, end, this.comment]);
  }
}
