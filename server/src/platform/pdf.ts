/**
 * The one way the server writes a PDF (pdf-lib; decisions.md 89): A4 pages with wrapped text in
 * the standard Helvetica fonts, new pages as needed. Form responses for the record
 * (modules/forms/render.ts) and the paper letters of a campaign (modules/campaigns/paper.ts) are
 * written with it. The standard fonts speak WinAnsi only: characters outside it (e.g. Sami
 * letters such as č, đ, ŋ) are replaced by "?" rather than failing the document.
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';

const A4: [number, number] = [595, 842];
const MARGIN = 56;
const WIDTH = A4[0] - 2 * MARGIN;

/** Characters the standard PDF fonts (WinAnsi) cannot show are replaced. */
export const winAnsi = (s: string): string => s.replace(/[^\u0020-\u007e\u00a0-\u00ff–—‘’“”•…€]/g, '?');

export interface TextStyle {
  bold?: boolean;
  size?: number;
  /** Grey small print. */
  muted?: boolean;
}

/** A document being written top to bottom. */
export class PdfWriter {
  #page: PDFPage | undefined;
  #y = 0;
  readonly doc: PDFDocument;
  readonly #regular: PDFFont;
  readonly #bold: PDFFont;
  private constructor(doc: PDFDocument, regular: PDFFont, bold: PDFFont) {
    this.doc = doc;
    this.#regular = regular;
    this.#bold = bold;
  }

  static async create(meta: { title: string; author?: string }): Promise<PdfWriter> {
    const doc = await PDFDocument.create();
    doc.setTitle(winAnsi(meta.title));
    if (meta.author) doc.setAuthor(winAnsi(meta.author));
    doc.setCreator('helsedialog');
    doc.setProducer('helsedialog');
    return new PdfWriter(doc, await doc.embedFont(StandardFonts.Helvetica), await doc.embedFont(StandardFonts.HelveticaBold));
  }

  /** Starts a new page (the first call starts the first). */
  newPage(): void {
    this.#page = this.doc.addPage(A4);
    this.#y = A4[1] - MARGIN;
  }

  /** Vertical space, in points. */
  space(points: number): void {
    this.#y -= points;
  }

  /** A paragraph: each line of `text` wrapped at the page width, leading spaces kept as indent. */
  text(text: string, style: TextStyle = {}): void {
    const font = style.bold ? this.#bold : this.#regular;
    const size = style.size ?? 11;
    for (const raw of text.split('\n')) {
      const indent = /^ */.exec(raw)![0];
      let rest = winAnsi(raw.trimStart());
      if (!rest) {
        this.space(size / 2);
        continue;
      }
      while (rest) {
        let n = rest.length;
        while (n > 1 && font.widthOfTextAtSize(indent + rest.slice(0, n), size) > WIDTH)
          n = rest.lastIndexOf(' ', n - 1) > 0 ? rest.lastIndexOf(' ', n - 1) : n - 1;
        this.#line(indent + rest.slice(0, n), font, size, style.muted);
        rest = rest.slice(n).trimStart();
      }
    }
  }

  #line(s: string, font: PDFFont, size: number, muted?: boolean): void {
    if (!this.#page || this.#y < MARGIN + size) this.newPage();
    this.#y -= size;
    this.#page!.drawText(s, { x: MARGIN, y: this.#y, size, font, color: muted ? rgb(0.27, 0.27, 0.27) : rgb(0, 0, 0) });
    this.#y -= 4;
  }

  async bytes(): Promise<Buffer> {
    if (!this.#page) this.newPage();
    return Buffer.from(await this.doc.save());
  }
}
