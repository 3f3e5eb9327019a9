/** Test-only: what a PDF reader sees in a generated document. */
import { execFileSync } from 'node:child_process';

/**
 * Each page's text as PDF.js (through unpdf) extracts it. Run in a plain Node process: unpdf loads
 * PDF.js through a package export Jest's resolver does not follow.
 */
export function pdfPages(pdf: Buffer): string[] {
  const script = `const { extractText, getDocumentProxy } = require('unpdf');
    const chunks = []; process.stdin.on('data', (c) => chunks.push(c)).on('end', async () => {
      const { text } = await extractText(await getDocumentProxy(new Uint8Array(Buffer.concat(chunks))), { mergePages: false });
      process.stdout.write(JSON.stringify(text));
    });`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { input: pdf, cwd: process.cwd(), maxBuffer: 64 * 1024 * 1024 }).toString());
}
