import { describe, expect, it } from 'vitest';
import type { Cell } from './types.js';
import { cellText, isNumericId, normaliseIdNumber, normaliseName, normalisePhone, parseDate, parseYesNo, serialDate } from './values.js';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('cellText: what the user sees', () => {
  it.each<[Cell, string]>([
    [null, ''], ['张三', '张三'], [day('2019-07-01'), '2019-07-01'], [new Date('2019-07-01T08:30:00Z'), '2019-07-01'],
    [110105194912310000, '110105194912310000'], [1e21, '1000000000000000000000'], [0.5, '0.5'], [1e-7, '0.0000001'],
    [13800001111, '13800001111'], [true, 'TRUE'], [false, 'FALSE'],
  ])('%s → %s', (c, text) => expect(cellText(c)).toBe(text));
});

describe('parseDate', () => {
  it.each<[Cell, string | null]>([
    // date cells, and Excel serials of any plausible date (1900 leap-year bug included)
    [day('2019-07-01'), '2019-07-01'], [day('1925-05-01'), '1925-05-01'],
    [43647, '2019-07-01'], [9253, '1925-05-01'], [43647.75, '2019-07-01'], [1, '1900-01-01'], [59, '1900-02-28'],
    [61, '1900-03-01'], [60, null], [2958465, '9999-12-31'], [0, null], [-5, null], [2958466, null],
    // a bare year is not a serial in 1905; yyyymmdd and yyyymm typed as numbers
    [1980, null], [2019, null], [20190701, '2019-07-01'], [201907, '2019-07-01'],
    // text, every common way
    ['2019-07-01', '2019-07-01'], ['2019/7/1', '2019-07-01'], ['2019.07.01', '2019-07-01'], ['2019.7.1', '2019-07-01'],
    ['2019年7月1日', '2019-07-01'], ['2019年07月01号', '2019-07-01'], ['2019 年 7 月 1 日', '2019-07-01'], ['20190701', '2019-07-01'],
    ['２０１９年７月１日', '2019-07-01'], ['２０１９－０７－０１', '2019-07-01'], [' 2019-07-01 ', '2019-07-01'],
    ['2005-07-01 00:00:00', '2005-07-01'], ['2005/7/1 0:00', '2005-07-01'], ['2019-07-01T00:00:00.000Z', '2019-07-01'],
    // year and month: the first day, for every date field
    ['2019-7', '2019-07-01'], ['2019.07', '2019-07-01'], ['1980.01', '1980-01-01'], ['201907', '2019-07-01'],
    ['2019年7月', '2019-07-01'], ['2019/07', '2019-07-01'], ['2019年7月份', '2019-07-01'],
    // a serial exported as text
    ['43647', '2019-07-01'],
    // refused
    ['2019-02-30', null], ['2019-13-01', null], ['2019-00', null], ['19-7-1', null], ['19.07.01', null], ['2019', null],
    ['1899-12-31', null], ['昨天', null], ['', null], [null, null], [true, null], ['2019-07-01 张三', null],
  ])('%s → %s', (c, iso) => expect(parseDate(c)).toBe(iso));

  it('keeps only the year and month where the register holds a month', () => {
    expect(parseDate('2023-05-17', { monthOnly: true })).toBe('2023-05-01');
    expect(parseDate('2023年5月', { monthOnly: true })).toBe('2023-05-01');
    expect(parseDate(day('2023-05-17'), { monthOnly: true })).toBe('2023-05-01');
    expect(parseDate('2023-02-30', { monthOnly: true })).toBeNull();
  });

  it('converts serials as Excel counts them', () => {
    expect(serialDate(25569)).toBe('1970-01-01');
    expect(serialDate(45658)).toBe('2025-01-01');
  });
});

describe('parseYesNo', () => {
  it.each<[Cell, boolean | null]>([
    ['是', true], ['否', false], ['√', true], ['×', false], ['Y', true], ['n', false], ['yes', true], ['No', false],
    ['1', true], ['0', false], ['true', true], ['FALSE', false], ['ＹＥＳ', true], [' 是 ', true], ['不是', false],
    [true, true], [false, false], [1, true], [0, false], [null, false], ['', false], ['  ', false],
    ['也许', null], ['2', null], [2, null], ['x', null], [day('2019-07-01'), null],
  ])('%s → %s', (c, v) => expect(parseYesNo(c)).toBe(v));
});

describe('normaliseIdNumber', () => {
  it.each<[Cell, string | null]>([
    ['11010519491231001X', '11010519491231001X'], ['11010519491231001x', '11010519491231001X'],
    ['110105 19491231 001X', '11010519491231001X'], ['\u3000110105194912310018 ', '110105194912310018'],
    ['１１０１０５１９４９１２３１００１Ｘ', '11010519491231001X'], ["'110105194912310018", '110105194912310018'],
    ['110105491231001', '110105491231001'], [110105491231001, '110105491231001'],
    // an 18-digit number cannot be held exactly: refused, and isNumericId says why
    [110105194912310000, null], ['1.10105E+17', null],
    ['1101051949123100', null], ['11010519491231001Y', null], ['', null], [null, null], [day('2019-07-01'), null],
  ])('%s → %s', (c, v) => expect(normaliseIdNumber(c)).toBe(v));

  it.each<[Cell, boolean]>([
    [110105194912310000, true], [110105491231001, true], ['1.10105E+17', true], ['1.10105194912E+17', true], ['１.１０１０５Ｅ＋１７', true],
    ['11010519491231001X', false], [13800001111, false], ['1.5E+3', false], [null, false],
  ])('isNumericId(%s) → %s', (c, v) => expect(isNumericId(c)).toBe(v));
});

describe('normalisePhone', () => {
  it.each<[Cell, string | null]>([
    ['13800001111', '13800001111'], [13800001111, '13800001111'], ['138 0000 1111', '13800001111'], ['138-0000-1111', '13800001111'],
    ['+86 138 0000 1111', '13800001111'], ['+86-13800001111', '13800001111'], ['008613800001111', '13800001111'], ['8613800001111', '13800001111'],
    ['１３８００００１１１１', '13800001111'], ['0871-65123456', '087165123456'], ['(0871)65123456', '087165123456'],
    ['（010）12345678', '01012345678'], ['0871 6512345', '08716512345'],
    ['65123456', null], ['1380000111', null], ['12800001111', null], ['0871-65123456-801', null], ['无', null], ['', null], [null, null],
  ])('%s → %s', (c, v) => expect(normalisePhone(c)).toBe(v));
});

describe('normaliseName', () => {
  it.each<[Cell, string | null]>([
    ['张三', '张三'], ['  张三 ', '张三'], ['张 三', '张三'], ['张\u3000三', '张三'], ['欧阳  小 明', '欧阳小明'],
    ['阿卜杜 · 热合曼', '阿卜杜·热合曼'], ['阿卜杜•热合曼', '阿卜杜·热合曼'], ['阿卜杜・热合曼', '阿卜杜·热合曼'],
    ['John  Smith', 'John Smith'], ['Ｊｏｈｎ Ｓｍｉｔｈ', 'John Smith'], ['', null], ['   ', null], [null, null], [12, null],
  ])('%s → %s', (c, v) => expect(normaliseName(c)).toBe(v));
});
