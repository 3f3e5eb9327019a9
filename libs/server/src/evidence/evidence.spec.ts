import { DomainError } from '@pairline/domain';
import { contentDisposition, REVISION_MULTIPART } from './evidence.service';
import { multipartFailure } from './multipart';

const multipartError = (error: unknown) => multipartFailure(error, REVISION_MULTIPART);

describe('download headers', () => {
  it('gives an ASCII fallback and the exact UTF-8 name (RFC 5987), with nothing that could end the header value', () => {
    expect(contentDisposition('DSPT 2026.pdf')).toBe(`attachment; filename="DSPT 2026.pdf"; filename*=UTF-8''DSPT%202026.pdf`);
    expect(contentDisposition('Überprüfung (final).pdf')).toBe(`attachment; filename="_berpr_fung (final).pdf"; filename*=UTF-8''%C3%9Cberpr%C3%BCfung%20%28final%29.pdf`);
    // Names are sanitised at upload; the header stays well-formed even for a name that was not.
    const hostile = contentDisposition('a"b\\c\r\nSet-Cookie: x=1.pdf');
    expect(hostile).not.toMatch(/[\r\n]/);
    expect(hostile.match(/filename="([^"]*)"/)![1]).toBe('a_b_c__Set-Cookie: x=1.pdf');
  });
});

describe('multipart errors', () => {
  const mapped = (error: unknown) => multipartError(error) as DomainError;
  it('turns the parser’s and the connection’s failures into client errors', () => {
    expect(mapped(Object.assign(new Error('reach files limit'), { code: 'FST_FILES_LIMIT' }))).toMatchObject({ kind: 'too_large', code: 'multipart_too_many_files' });
    expect(mapped(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }))).toMatchObject({ kind: 'invalid', code: 'upload_interrupted' });
    expect(mapped(new Error('Unexpected end of form'))).toMatchObject({ kind: 'invalid', code: 'multipart_malformed' });
    // busboy's words for a body without its closing boundary, or whose boundary never appears.
    expect(mapped(new Error('Unexpected end of multipart data'))).toMatchObject({ kind: 'invalid', code: 'multipart_malformed' });
    expect(mapped(new Error('Part terminated early due to unexpected end of multipart data'))).toMatchObject({ kind: 'invalid', code: 'multipart_malformed' });
  });
  it('leaves every other error as it is', () => {
    const domain = new DomainError('not_found', 'evidence_not_found', 'x');
    const disk = Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
    expect(multipartError(domain)).toBe(domain);
    expect(multipartError(disk)).toBe(disk);
  });
});
