import { MAX_ATTACHMENT_BYTES } from '@helsedialog/core/constants';
import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { renderInApp } from '../test/render.tsx';
import { AttachmentPicker } from './components.tsx';

/** The picker as a page holds it: the chosen files in state, listed beside it. */
function Compose() {
  const [files, setFiles] = useState<File[]>([]);
  return (
    <>
      <AttachmentPicker files={files} onChange={setFiles} />
      <output data-testid="chosen">{files.map((f) => f.name).join(',')}</output>
    </>
  );
}

function file(name: string, type: string, size?: number): File {
  const f = new File(['%PDF-1.7'], name, { type });
  // A size without allocating it (the picker reads `size` only).
  if (size !== undefined) Object.defineProperty(f, 'size', { value: size });
  return f;
}

/** Chooses files in the picker's file input, as the browser's file dialog does. */
function choose(container: HTMLElement, ...files: File[]) {
  const input = container.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('no file input');
  fireEvent.change(input, { target: { files } });
}

const chosen = () => screen.getByTestId('chosen').textContent;

describe('AttachmentPicker (the Helsenorge file upload with our checks)', () => {
  it('keeps PDF, JPEG and PNG files and names each refused file and why, in the chosen language', async () => {
    const { container } = await renderInApp(<Compose />, { language: 'en' });
    expect(screen.getByText('Up to 5 files: PDF, JPEG or PNG, at most 10 MB each.')).toBeTruthy();
    choose(
      container,
      file('referral.pdf', 'application/pdf'),
      file('notes.txt', 'text/plain'),
      file('rash.png', 'image/png'),
      file('scan.jpg', 'image/jpeg', MAX_ATTACHMENT_BYTES + 1),
    );
    expect(chosen()).toBe('referral.pdf,rash.png');
    const error = screen.getByText(/notes\.txt/);
    expect(error.textContent).toBe('notes.txt is not a PDF, JPEG or PNG. scan.jpg is larger than 10 MB.');
    // The chosen files are listed by the design system's file list.
    expect(screen.getByText('referral.pdf')).toBeTruthy();
  });

  it('takes a file of exactly the limit, and the same name only once', async () => {
    const { container } = await renderInApp(<Compose />);
    choose(container, file('a.pdf', 'application/pdf', MAX_ATTACHMENT_BYTES));
    choose(container, file('a.pdf', 'application/pdf'));
    expect(chosen()).toBe('a.pdf');
    expect(screen.queryByText(/større enn/)).toBeNull();
  });

  it('stops at five files, says so, and disables choosing more', async () => {
    const { container } = await renderInApp(<Compose />);
    // The upload button is named by the field's label.
    const upload = () => screen.getByRole('button', { name: 'Vedlegg (valgfritt)' }) as HTMLButtonElement;
    expect(upload().disabled).toBe(false);
    choose(container, ...['1', '2', '3', '4', '5', '6'].map((n) => file(`${n}.pdf`, 'application/pdf')));
    expect(chosen()).toBe('1.pdf,2.pdf,3.pdf,4.pdf,5.pdf');
    expect(screen.getByText('Du kan legge ved høyst 5 filer.')).toBeTruthy();
    expect(upload().disabled).toBe(true);
  });

  it('removes a file and its notice when the person deletes one', async () => {
    const { container } = await renderInApp(<Compose />);
    choose(container, file('keep.pdf', 'application/pdf'), file('drop.pdf', 'application/pdf'), file('bad.exe', 'application/octet-stream'));
    expect(screen.getByText(/bad\.exe/)).toBeTruthy();
    const remove = screen.getAllByRole('button', { name: /Fjern/ });
    fireEvent.click(remove[1]!);
    expect(chosen()).toBe('keep.pdf');
    expect(screen.queryByText(/bad\.exe/)).toBeNull();
  });
});
