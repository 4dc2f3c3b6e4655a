/** What a file really is, from its first bytes: the extension a user gives it is not trusted. */
export type Sniffed = { type: string; label: string } | null;

const SIGNATURES: { type: string; label: string; test: (b: Buffer) => boolean }[] = [
  { type: 'image/jpeg', label: 'JPG', test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/png', label: 'PNG', test: (b) => b.length > 8 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a },
  { type: 'application/pdf', label: 'PDF', test: (b) => b.length > 5 && b.subarray(0, 5).toString('latin1') === '%PDF-' },
];

export function sniff(b: Buffer): Sniffed {
  const hit = SIGNATURES.find((s) => s.test(b));
  return hit ? { type: hit.type, label: hit.label } : null;
}

export const EVIDENCE_TYPES_LABEL = SIGNATURES.map((s) => s.label).join('、');

/** Evidence and attachment files (photos, scans, PDFs, a notice's Office files): one size limit everywhere. */
export const EVIDENCE_LIMIT_BYTES = 10 * 1024 * 1024;

const OFFICE: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};
export const DOCUMENT_TYPES_LABEL = `${EVIDENCE_TYPES_LABEL}、Word (.docx)、Excel (.xlsx)、PowerPoint (.pptx)`;

/** Attachments of a notice: evidence types, or an Office file (a zip by its bytes, of the kind its name says). */
export function sniffDocument(b: Buffer, name: string): Sniffed {
  const hit = sniff(b);
  if (hit) return hit;
  const ext = name.toLowerCase().split('.').pop() ?? '';
  const isZip = b.length > 4 && b.readUInt32LE(0) === 0x04034b50;
  return isZip && OFFICE[ext] ? { type: OFFICE[ext]!, label: ext.toUpperCase() } : null;
}
