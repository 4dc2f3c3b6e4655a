import { describe, expect, it } from 'vitest';
import { sniff, sniffDocument } from './filetype.js';

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

describe('notice attachments', () => {
  const zip = Buffer.from('504b0304140000000800', 'hex');
  it('take Office files that are zips of the kind their name says', () => {
    expect(sniffDocument(zip, '会议安排.docx')?.type).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(sniffDocument(zip, '名单.XLSX')?.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(sniffDocument(Buffer.from('%PDF-1.7\n'), '通知.pdf')?.type).toBe('application/pdf');
  });
  it('refuse a zip under another name, and text named .docx', () => {
    expect(sniffDocument(zip, '程序.exe')).toBeNull();
    expect(sniffDocument(zip, '压缩包.zip')).toBeNull();
    expect(sniffDocument(Buffer.from('hello'), '假文档.docx')).toBeNull();
  });
});
