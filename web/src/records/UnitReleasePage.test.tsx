import type { AwaitingRelease } from '@helsedialog/core';
import { fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderInApp } from '../test/render.tsx';
import { UnitReleasePage } from './UnitReleasePage.tsx';

const item = (n: number): AwaitingRelease['items'][number] => ({
  id: `r${n}`,
  kind: 'result',
  category: 'lab',
  title: `Blodprøve ${n}`,
  citizen: { id: 'p1', name: 'Kari Nordmann', birthDate: '1980-01-01' },
  registeredAt: '2026-12-07T08:00:00Z',
  effectiveAt: '2026-12-07T07:00:00Z',
  releaseMode: 'manual',
  autoReleaseAt: null,
});

/** The server: a staff session, the unit, and two pages of items awaiting release (the second after the first's cursor). */
function server(opts: { failNext?: number } = {}) {
  const paths: string[] = [];
  let failures = opts.failNext ?? 0;
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string) => {
      paths.push(path);
      if (path === '/api/session')
        return Promise.resolve(
          jsonResponse(200, {
            signedIn: true,
            me: { kind: 'staff', csrfToken: 'tok', person: { id: 's1', name: 'Lege' }, sessionExpiresAt: '', actingFor: null, language: null },
          }),
        );
      if (path === '/api/staff/units') return Promise.resolve(jsonResponse(200, { items: [] }));
      if (path.includes('cursor=c2') && failures-- > 0)
        return Promise.resolve(jsonResponse(503, { status: 503, code: 'UNAVAILABLE', title: 'Unavailable', detail: 'The service is unavailable.' }));
      if (path.includes('/records/awaiting-release'))
        return Promise.resolve(
          jsonResponse(
            200,
            path.includes('cursor=c2')
              ? { items: [item(51)], nextCursor: null }
              : { items: Array.from({ length: 50 }, (_, i) => item(i + 1)), nextCursor: 'c2' },
          ),
        );
      return Promise.resolve(jsonResponse(404, { status: 404, code: 'NOT_FOUND', title: 'Not found' }));
    }),
  );
  return paths;
}

afterEach(() => vi.unstubAllGlobals());

describe('UnitReleasePage (results and documents awaiting release)', () => {
  it('shows the next page on "Vis flere": an item past the first page can be released too', async () => {
    const paths = server();
    await renderInApp(<UnitReleasePage />);
    expect(await screen.findByRole('heading', { name: 'Blodprøve 50' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Blodprøve 51' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Vis flere' }));
    expect(await screen.findByRole('heading', { name: 'Blodprøve 51' })).toBeTruthy();
    expect(paths.filter((p) => p.includes('awaiting-release'))).toEqual([expect.not.stringContaining('cursor='), expect.stringContaining('cursor=c2')]);
    expect(screen.queryByRole('button', { name: 'Vis flere' })).toBeNull();
  });

  it('says so when the next page could not be fetched, and fetches it again on retry (no silent button)', async () => {
    server({ failNext: 1 });
    await renderInApp(<UnitReleasePage />);
    await screen.findByRole('heading', { name: 'Blodprøve 50' });
    fireEvent.click(screen.getByRole('button', { name: 'Vis flere' }));
    const retry = await screen.findByRole('button', { name: /prøv igjen/i });
    fireEvent.click(retry);
    expect(await screen.findByRole('heading', { name: 'Blodprøve 51' })).toBeTruthy();
  });
});
