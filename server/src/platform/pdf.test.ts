/** The one PDF writer: wrapped text, new pages when full, WinAnsi-safe text, readable output. */
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { PdfWriter, winAnsi } from './pdf.ts';

describe('PdfWriter', () => {
  it('wraps long lines, breaks pages when full, and writes a PDF that reads back with its title', async () => {
    const pdf = await PdfWriter.create({ title: 'Brev fra Legekontoret', author: 'Legekontoret' });
    pdf.text('Overskrift', { bold: true, size: 14 });
    // 200 paragraphs of a line wider than the page: several pages.
    for (let i = 0; i < 200; i++) pdf.text(`${i}: ${'Dette er en lang setning om timen din hos oss. '.repeat(4)}`);
    pdf.text('Liten skrift', { size: 9, muted: true });
    const bytes = await pdf.bytes();
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const back = await PDFDocument.load(bytes);
    expect(back.getPageCount()).toBeGreaterThan(5);
    expect(back.getTitle()).toBe('Brev fra Legekontoret');
    expect(back.getAuthor()).toBe('Legekontoret');
  });

  it('gives a page for an empty document, and separate pages when asked', async () => {
    expect((await PDFDocument.load(await (await PdfWriter.create({ title: 'Tom' })).bytes())).getPageCount()).toBe(1);
    const pdf = await PdfWriter.create({ title: 'To' });
    pdf.newPage();
    pdf.text('En');
    pdf.newPage();
    pdf.text('To');
    expect((await PDFDocument.load(await pdf.bytes())).getPageCount()).toBe(2);
  });

  it('replaces what the standard fonts cannot show instead of failing (Sami letters, emoji)', async () => {
    expect(winAnsi('Čáhcegáddi – æøå đ ŋ 😀')).toBe('?áhcegáddi – æøå ? ? ??');
    const pdf = await PdfWriter.create({ title: 'Sámegiella: Čáhcegáddi' });
    pdf.text('Buorre beaivi, Máret! Áigi: 10:00 – čálit midjiide 😀');
    expect((await pdf.bytes()).length).toBeGreaterThan(500);
  });
});
