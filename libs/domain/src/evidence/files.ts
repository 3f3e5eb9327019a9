import { DomainError } from '../errors/domain-error';

/**
 * What an evidence upload may contain, and how a file is judged by its bytes rather than by what
 * the browser claims. The server does the streaming; these are the decisions.
 */

/** How the content is recognised: a magic-byte signature name (as `file-type` reports it), or text. */
export type EvidenceDetection = 'pdf' | 'png' | 'jpg' | 'gif' | 'webp' | 'docx' | 'xlsx' | 'pptx' | 'cfb' | 'zip' | 'text';

export interface EvidenceFileKind {
  readonly detection: EvidenceDetection;
  /** Stored and served; never the browser's claim. */
  readonly contentType: string;
  readonly label: string;
}

/** The allow-list, by extension. Legacy .doc and .xls share one container format (OLE2), told apart by name only. */
export const EVIDENCE_FILE_KINDS: Readonly<Record<string, EvidenceFileKind>> = {
  pdf: { detection: 'pdf', contentType: 'application/pdf', label: 'PDF' },
  png: { detection: 'png', contentType: 'image/png', label: 'PNG image' },
  jpg: { detection: 'jpg', contentType: 'image/jpeg', label: 'JPEG image' },
  jpeg: { detection: 'jpg', contentType: 'image/jpeg', label: 'JPEG image' },
  gif: { detection: 'gif', contentType: 'image/gif', label: 'GIF image' },
  webp: { detection: 'webp', contentType: 'image/webp', label: 'WebP image' },
  docx: { detection: 'docx', contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', label: 'Word document' },
  xlsx: { detection: 'xlsx', contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', label: 'Excel workbook' },
  pptx: { detection: 'pptx', contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', label: 'PowerPoint presentation' },
  doc: { detection: 'cfb', contentType: 'application/msword', label: 'Word 97-2003 document' },
  xls: { detection: 'cfb', contentType: 'application/vnd.ms-excel', label: 'Excel 97-2003 workbook' },
  txt: { detection: 'text', contentType: 'text/plain; charset=utf-8', label: 'text file' },
  csv: { detection: 'text', contentType: 'text/csv; charset=utf-8', label: 'CSV file' },
  md: { detection: 'text', contentType: 'text/markdown; charset=utf-8', label: 'Markdown file' },
  zip: { detection: 'zip', contentType: 'application/zip', label: 'zip archive' },
};

export const EVIDENCE_EXTENSIONS = Object.keys(EVIDENCE_FILE_KINDS);

/** Enough of the start of a file to recognise every kind above, Office documents included. */
export const EVIDENCE_SNIFF_BYTES = 64 * 1024;

/** Characters that are never kept in a name: controls (C0, DEL, C1) and bidirectional overrides that disguise an extension. */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const RESERVED = /[<>:"|?*]/g;
const MAX_NAME = 200;

/**
 * The name a file is shown and downloaded under. Only the last path segment is kept, so no name
 * can point elsewhere; control and direction-override characters go; Windows-reserved characters
 * become `_`; leading and trailing dots and spaces go (no hidden files, no `..`). Storage never
 * uses this name: objects are stored under generated keys.
 */
export function sanitiseFilename(raw: string): string {
  const last = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = last.replace(INVISIBLE, '').replace(RESERVED, '_').replace(/^[.\s]+/, '').replace(/[.\s]+$/, '');
  if (name.length > MAX_NAME) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
    name = name.slice(0, MAX_NAME - extension.length).replace(/[.\s]+$/, '') + extension;
  }
  return name || 'file';
}

export function extensionOf(filename: string): string {
  const dot = filename.lastIndexOf('.');
  return dot > 0 ? filename.slice(dot + 1).toLowerCase() : '';
}

const unsupported = (message: string, details?: Record<string, unknown>) => new DomainError('unsupported_media', 'evidence_file_type_refused', message, details);

/**
 * The kind an upload is accepted as, from its (sanitised) name and what its first bytes were
 * recognised as (`undefined`: no known signature). Throws `evidence_file_type_refused` when the
 * extension is not allowed or the content is something else than the extension says. Text kinds
 * are only provisionally accepted here: the whole stream must then pass {@link Utf8TextCheck}.
 */
export function classifyEvidenceFile(filename: string, detected: { ext: string; mime: string } | undefined): EvidenceFileKind {
  const extension = extensionOf(filename);
  const kind = EVIDENCE_FILE_KINDS[extension];
  if (!kind) {
    throw unsupported(`${extension ? `.${extension} files are` : 'Files without an extension are'} not accepted as evidence; allowed: ${EVIDENCE_EXTENSIONS.map((e) => `.${e}`).join(', ')}.`, { extension });
  }
  if (kind.detection === 'text') {
    if (detected) throw unsupported(`The file is named .${extension} but its content is ${describe(detected)}, not text.`, { extension, detected: detected.ext });
    return kind;
  }
  if (detected?.ext !== kind.detection) {
    throw unsupported(`The file is named .${extension} but its content is ${detected ? describe(detected) : 'not a recognisable ' + kind.label}.`, { extension, detected: detected?.ext ?? null });
  }
  return kind;
}

function describe(detected: { ext: string; mime: string }): string {
  const known = Object.values(EVIDENCE_FILE_KINDS).find((k) => k.detection === detected.ext);
  if (known) return `a ${known.label}`;
  if (detected.ext === 'exe') return 'a Windows executable (exe)';
  return `${detected.mime} (.${detected.ext})`;
}

/**
 * Streaming check that bytes are UTF-8 text with no NUL: text kinds have no magic bytes, so this is
 * what tells a CSV from a binary renamed to .csv. Rejects overlong forms, surrogates and code
 * points past U+10FFFF, and a sequence cut off at the end.
 */
export class Utf8TextCheck {
  private need = 0;
  private lower = 0x80;
  private upper = 0xbf;
  private bad = false;

  push(bytes: Uint8Array): boolean {
    if (this.bad) return false;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (this.need > 0) {
        if (b < this.lower || b > this.upper) return this.fail();
        this.need--;
        this.lower = 0x80;
        this.upper = 0xbf;
        continue;
      }
      if (b === 0) return this.fail();
      if (b < 0x80) continue;
      if (b >= 0xc2 && b <= 0xdf) this.need = 1;
      else if (b >= 0xe0 && b <= 0xef) {
        this.need = 2;
        if (b === 0xe0) this.lower = 0xa0;
        if (b === 0xed) this.upper = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        this.need = 3;
        if (b === 0xf0) this.lower = 0x90;
        if (b === 0xf4) this.upper = 0x8f;
      } else return this.fail();
    }
    return true;
  }

  end(): boolean {
    return !this.bad && this.need === 0;
  }

  private fail(): false {
    this.bad = true;
    return false;
  }
}

/** How much of a file's end is kept while streaming, for the checks below (a zip's central directory lives there). */
export const EVIDENCE_TAIL_BYTES = 1024 * 1024;

export interface ZipLimits {
  /** Sum of the entries' uncompressed sizes. */
  maxUncompressedBytes: number;
  /** Uncompressed ÷ compressed, over the whole archive, once it is larger than `ratioAppliesAbove`. */
  maxRatio: number;
  ratioAppliesAbove: number;
  maxEntries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxUncompressedBytes: 1024 * 1024 * 1024, maxRatio: 100, ratioAppliesAbove: 10 * 1024 * 1024, maxEntries: 10_000 };

export interface FileProblem {
  code: 'evidence_file_truncated' | 'evidence_archive_refused';
  message: string;
}

const u16 = (b: Uint8Array, at: number) => b[at] | (b[at + 1] << 8);
const u32 = (b: Uint8Array, at: number) => (b[at] | (b[at + 1] << 8) | (b[at + 2] << 16)) + b[at + 3] * 0x1000000;
const endsWith = (b: Uint8Array, suffix: readonly number[]) => b.length >= suffix.length && suffix.every((v, i) => b[b.length - suffix.length + i] === v);

function lastIndexOf(b: Uint8Array, needle: readonly number[], from: number, to: number): number {
  for (let i = Math.min(from, b.length - needle.length); i >= Math.max(0, to); i--) {
    if (needle.every((v, j) => b[i + j] === v)) return i;
  }
  return -1;
}

const truncated = (label: string): FileProblem => ({ code: 'evidence_file_truncated', message: `The ${label} is truncated or damaged (its end is missing); upload the complete file.` });

/**
 * Reads a zip's end: the end-of-central-directory record must be there (a cut-off upload loses it)
 * and the central directory must sit right before it. The sizes the directory declares expose zip
 * bombs (a few kilobytes declaring gigabytes) without inflating anything; nothing here ever does.
 */
export function inspectZipEnd(tail: Uint8Array, totalSize: number, limits: ZipLimits = DEFAULT_ZIP_LIMITS, label = 'zip archive'): FileProblem | null {
  const tailStart = totalSize - tail.length;
  const eocd = lastIndexOf(tail, [0x50, 0x4b, 0x05, 0x06], tail.length - 22, tail.length - 22 - 0xffff);
  if (eocd < 0) return truncated(label);
  const entries = u16(tail, eocd + 10);
  const cdSize = u32(tail, eocd + 12);
  const cdOffset = u32(tail, eocd + 16);
  if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    return { code: 'evidence_archive_refused', message: `The ${label} uses ZIP64 (over 4 GB or 65,535 entries), which is not accepted.` };
  }
  if (entries > limits.maxEntries) return { code: 'evidence_archive_refused', message: `The ${label} has ${entries} entries; at most ${limits.maxEntries} are accepted.` };
  if (cdOffset + cdSize !== tailStart + eocd) return truncated(label);
  if (cdOffset < tailStart) return { code: 'evidence_archive_refused', message: `The ${label}'s directory is too large to check.` };
  let at = cdOffset - tailStart;
  let uncompressed = 0;
  let compressed = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > eocd || u32(tail, at) !== 0x02014b50) return truncated(label);
    const c = u32(tail, at + 20);
    const u = u32(tail, at + 24);
    if (c === 0xffffffff || u === 0xffffffff) return { code: 'evidence_archive_refused', message: `The ${label} uses ZIP64 entries, which is not accepted.` };
    compressed += c;
    uncompressed += u;
    at += 46 + u16(tail, at + 28) + u16(tail, at + 30) + u16(tail, at + 32);
  }
  if (uncompressed > limits.maxUncompressedBytes) {
    return { code: 'evidence_archive_refused', message: `The ${label} would expand to ${uncompressed} bytes (more than ${limits.maxUncompressedBytes}); it looks like a zip bomb.` };
  }
  if (uncompressed > limits.ratioAppliesAbove && uncompressed > compressed * limits.maxRatio) {
    return { code: 'evidence_archive_refused', message: `The ${label} expands ${Math.round(uncompressed / Math.max(compressed, 1))}-fold to ${uncompressed} bytes; it looks like a zip bomb.` };
  }
  return null;
}

const PNG_END = [0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82];

/**
 * Whether a file that passed the signature check is complete: each format marks its end, and an
 * upload cut short (or a file saved half-way) loses that mark. `head` is the file's start, `tail`
 * its last bytes (up to {@link EVIDENCE_TAIL_BYTES}), `totalSize` its length. Text needs no check
 * here (the UTF-8 check refuses a cut multibyte character); OLE2 documents have no end marker.
 */
export function checkFileComplete(kind: EvidenceFileKind, head: Uint8Array, tail: Uint8Array, totalSize: number, limits?: ZipLimits): FileProblem | null {
  switch (kind.detection) {
    case 'pdf':
      // Writers may add a line break or a few bytes after the marker; readers look in the last kilobyte.
      return lastIndexOf(tail, [0x25, 0x25, 0x45, 0x4f, 0x46], tail.length - 5, tail.length - 1024) >= 0 ? null : truncated(kind.label);
    case 'png':
      return endsWith(tail, PNG_END) ? null : truncated(kind.label);
    case 'jpg':
      return lastIndexOf(tail, [0xff, 0xd9], tail.length - 2, tail.length - 64) >= 0 ? null : truncated(kind.label);
    case 'gif':
      return lastIndexOf(tail, [0x3b], tail.length - 1, tail.length - 16) >= 0 ? null : truncated(kind.label);
    case 'webp':
      return head.length >= 8 && u32(head, 4) + 8 <= totalSize ? null : truncated(kind.label);
    case 'zip':
    case 'docx':
    case 'xlsx':
    case 'pptx':
      return inspectZipEnd(tail, totalSize, limits, kind.label);
    default:
      return null;
  }
}
