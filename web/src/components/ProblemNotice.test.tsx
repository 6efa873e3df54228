import { screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { apiGet } from '../api/client.ts';
import { jsonResponse, renderInApp } from '../test/render.tsx';
import { ProblemNotice } from './ProblemNotice.tsx';

/** The ApiError the client makes of the server's answer to a GET. */
async function failedGet(answer: Response | Error): Promise<unknown> {
  vi.stubGlobal(
    'fetch',
    vi.fn(() => (answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer))),
  );
  return apiGet('/api/citizen/threads/t1').then(
    () => expect.unreachable('the request should fail'),
    (error: unknown) => error,
  );
}

describe('ProblemNotice', () => {
  it("shows a problem+json answer's code as the catalogue's text in the chosen language, not the server's English detail", async () => {
    const error = await failedGet(
      jsonResponse(409, { type: 'about:blank', title: 'Conflict', status: 409, code: 'THREAD_CLOSED', detail: 'The thread is closed' }),
    );
    await renderInApp(<ProblemNotice error={error} title="Det gjekk ikkje" headingLevel="h2" />, { language: 'nn' });
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Samtalen er avslutta og tek ikkje imot fleire svar.');
    expect(alert.textContent).not.toContain('The thread is closed');
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Det gjekk ikkje');
  });

  it('names a network failure as one, under the default heading', async () => {
    const error = await failedGet(new TypeError('Failed to fetch'));
    await renderInApp(<ProblemNotice error={error} />);
    expect(screen.getByRole('heading', { level: 3 }).textContent).toBe('Meldingen ble ikke sendt');
    expect(screen.getByRole('alert').textContent).toContain('Vi får ikke kontakt med tjenesten.');
  });

  it("falls back to the server's detail for a code the catalogue does not know, and fills a file error's name", async () => {
    const unknown = await failedGet(jsonResponse(422, { code: 'SOMETHING_NEW', detail: 'A new rule said no' }));
    const { unmount } = await renderInApp(<ProblemNotice error={unknown} />, { language: 'en' });
    expect(screen.getByRole('alert').textContent).toContain('A new rule said no');
    unmount();
    const tooBig = await failedGet(jsonResponse(413, { code: 'ATTACHMENT_TOO_LARGE', detail: 'The file scan.pdf is larger than 10 MB' }));
    await renderInApp(<ProblemNotice error={tooBig} />, { language: 'en' });
    expect(screen.getByRole('alert').textContent).toContain('The file “scan.pdf” is larger than 10 MB.');
  });

  it('renders nothing while there is no error', async () => {
    const { container } = await renderInApp(<ProblemNotice error={null} className="hd-field" />);
    expect(container.textContent).toBe('');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
