/** Small real files for upload tests. */

/** A minimal valid PDF. */
export function pdfBytes(text = 'helsedialog test'): Buffer {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]/Contents 4 0 R>>endobj\n4 0 obj<</Length ${text.length + 20}>>stream\nBT /F1 12 Tf (${text}) Tj ET\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A 1×1 PNG. */
export function pngBytes(): Buffer {
  return Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
}

/** Builds a multipart body with a JSON payload and files (field `attachments`, or the file's own `field`). */
export function multipart(payload: unknown, files: { name: string; type: string; data: Buffer; field?: string }[]): FormData {
  const fd = new FormData();
  fd.append('payload', JSON.stringify(payload));
  for (const f of files) fd.append(f.field ?? 'attachments', new Blob([new Uint8Array(f.data)], { type: f.type }), f.name);
  return fd;
}
