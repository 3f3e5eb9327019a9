import { DomainError, sanitiseFilename } from '@pairline/domain';
import type { Multipart } from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { ValidationFailed } from '../errors/http-error.filter';
import { readMultipart } from '../evidence/multipart';

export type ImportFileKind = 'xlsx' | 'csv';

export interface UploadedFile {
  readonly filename: string;
  readonly kind: ImportFileKind;
  readonly bytes: Buffer;
}

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);

/** The kind of import file by its name, checked against its first bytes: the name alone is the client's word. */
function kindOf(filename: string, bytes: Buffer): ImportFileKind {
  const extension = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  if (extension === 'xls' || bytes.subarray(0, 4).equals(OLE_SIGNATURE)) {
    throw new DomainError('unsupported_media', 'import_file_legacy_excel', `${filename} is an Excel 97–2003 workbook (.xls); save it as .xlsx and upload that.`);
  }
  if (extension !== 'xlsx' && extension !== 'csv') throw new DomainError('unsupported_media', 'import_file_type', `Upload a .xlsx workbook or a .csv file; ${filename} is neither.`);
  if (extension === 'xlsx' && !bytes.subarray(0, 4).equals(ZIP_SIGNATURE)) throw new DomainError('unsupported_media', 'import_file_not_xlsx', `${filename} is named .xlsx but is not an xlsx workbook.`);
  return extension;
}

/**
 * Receives the one file of an import upload (multipart/form-data, a part named `file`) into
 * memory, counting its bytes as they arrive and stopping one past the limit: a workbook is read
 * whole by the document threads anyway, and the limit keeps that bounded. A refusal names the
 * limit and the setting that raises it; nothing is kept.
 */
export function receiveImportFile(request: FastifyRequest, maxBytes: number): Promise<UploadedFile> {
  // Through the shared reader, so a truncated or malformed body is a 400 here as everywhere.
  const shape = { fields: [], filePart: 'file', maxFiles: 1, limits: { fileSize: maxBytes + 1, files: 1, fields: 5 } };
  return readMultipart(request, shape, (parts) => receive(parts, maxBytes));
}

async function receive(parts: AsyncIterable<Multipart>, maxBytes: number): Promise<UploadedFile> {
  let file: UploadedFile | null = null;
  for await (const part of parts) {
    if (part.type === 'field') throw new ValidationFailed([{ field: part.fieldname, problems: ['only a part named "file" is expected'] }]);
    if (part.fieldname !== 'file') throw new ValidationFailed([{ field: part.fieldname, problems: ['send the file as a part named "file"'] }]);
    const filename = sanitiseFilename(part.filename ?? '');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of part.file) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        part.file.resume();
        throw new DomainError('too_large', 'import_file_too_large', `${filename} is larger than the ${megabytes(maxBytes)} limit for an imported file (IMPORT_FILE_MAX_BYTES); nothing was stored.`, { maxBytes, filename });
      }
      chunks.push(chunk as Buffer);
    }
    const bytes = Buffer.concat(chunks);
    if (bytes.length === 0) throw new DomainError('invalid', 'import_file_empty', `${filename} is empty.`, { filename });
    file = { filename, kind: kindOf(filename, bytes), bytes };
  }
  if (!file) throw new ValidationFailed([{ field: 'file', problems: ['a part named "file" holding the workbook is required'] }]);
  return file;
}
