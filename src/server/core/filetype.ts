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
