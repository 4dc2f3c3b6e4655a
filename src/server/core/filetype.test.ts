import { describe, expect, it } from 'vitest';
import { sniff } from './filetype.js';

describe('file type from content', () => {
  it('recognises JPG, PNG and PDF by their first bytes', () => {
    expect(sniff(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0]))?.type).toBe('image/jpeg');
    expect(sniff(Buffer.from('89504e470d0a1a0a0000', 'hex'))?.type).toBe('image/png');
    expect(sniff(Buffer.from('%PDF-1.7\n'))?.type).toBe('application/pdf');
  });
  it('refuses an executable renamed to .jpg, and text', () => {
    expect(sniff(Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'))).toBeNull();
    expect(sniff(Buffer.from('\x7fELF\x02\x01', 'latin1'))).toBeNull();
    expect(sniff(Buffer.from('hello'))).toBeNull();
  });
});
