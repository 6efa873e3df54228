import type { ThreadDetail } from '@helsedialog/core';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logout } from '../../api/client.ts';
import { jsonResponse, renderInApp } from '../../test/render.tsx';
import { RenewalForm } from './RenewalForm.tsx';

const item = (id: string, medication: string, decision: 'pending' | 'renewed' = 'pending') => ({ id, medication, decision, reason: null, decidedAt: null });

const detail: ThreadDetail = {
  id: 't1',
  kind: 'fornyresept',
  topic: 'Fornye resept',
  status: 'new',
  startedBy: 'citizen',
  unit: { id: 'u1', name: 'Fjellheim legekontor' },
  createdAt: '2026-12-07T08:00:00Z',
  lastMessageAt: '2026-12-07T08:00:00Z',
  dueAt: null,
  overdue: false,
  unread: 0,
  repliesAllowed: true,
  conversion: null,
  contactId: 'c1',
  messages: [],
  fee: null,
  renewal: {
    collectMethod: 'e_resept_pharmacy',
    items: [item('i1', 'Paracet'), item('i2', 'Ventoline'), item('i3', 'Allergan', 'renewed')],
    declineReasons: ['Du må komme til kontroll før resepten kan fornyes.', 'Legemiddelet er ikke lenger aktuelt.'],
  },
};

/** The server: the session (the CSRF token), then the renewal decision's answer; records the requests. */
function server() {
  const calls: Array<{ method: string; path: string; body: unknown }> = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((path: string, init: RequestInit) => {
      calls.push({ method: init.method ?? 'GET', path, body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body });
      if (path === '/api/session') {
        return Promise.resolve(
          jsonResponse(200, {
            signedIn: true,
            me: { kind: 'staff', csrfToken: 'tok', person: { id: 's1', name: 'Lege' }, sessionExpiresAt: '', actingFor: null, language: null },
          }),
        );
      }
      if (path === '/api/auth/logout') return Promise.resolve(new Response(null, { status: 204 }));
      return Promise.resolve(
        jsonResponse(200, { ...detail, renewal: { ...detail.renewal!, items: detail.renewal!.items.map((i) => ({ ...i, decision: 'renewed' })) } }),
      );
    }),
  );
  return calls;
}

const group = (medication: string) => screen.getByRole('group', { name: `Vurdering av ${medication}` });
const save = () => fireEvent.click(screen.getByRole('button', { name: 'Send vurderingen' }));

describe('RenewalForm (the doctor decides each medication of a renewal request)', () => {
  // The client remembers the CSRF token of the session: forget it (fetch is still the stub here).
  afterEach(() => logout());

  it('asks for a decision before sending anything, and offers only the pending medications', async () => {
    const calls = server();
    await renderInApp(<RenewalForm detail={detail} />);
    expect(screen.getAllByRole('group').map((g) => g.querySelector('legend')?.textContent)).toEqual(['Vurdering av Paracet', 'Vurdering av Ventoline']);
    save();
    expect(screen.getByRole('alert').textContent).toBe('Ta stilling til minst én resept.');
    expect(calls).toEqual([]);
  });

  it('shows the reason fields only for a decline, and asks for a reason by the medication', async () => {
    const calls = server();
    await renderInApp(<RenewalForm detail={detail} />);
    expect(screen.queryByLabelText('Velg en standard begrunnelse')).toBeNull();
    fireEvent.click(within(group('Paracet')).getByLabelText('Avslå'));
    const select = screen.getByLabelText('Velg en standard begrunnelse') as HTMLSelectElement;
    // The unit's own reasons, not core's defaults.
    expect([...select.options].map((o) => o.value)).toEqual(['', ...detail.renewal!.declineReasons!]);
    save();
    // The error is shown by the group and named as its radios' description (what a screen reader says).
    const radio = within(group('Paracet')).getByLabelText('Avslå');
    expect(document.getElementById(radio.getAttribute('aria-describedby') ?? '')?.textContent).toBe('Velg eller skriv en begrunnelse for å avslå Paracet.');
    expect(within(group('Ventoline')).getByLabelText('Avslå').getAttribute('aria-describedby')).toBeNull();
    expect(calls).toEqual([]);
  });

  it('sends each decision made, with the reason and the message, to the thread, and empties the message after', async () => {
    const calls = server();
    await renderInApp(<RenewalForm detail={detail} />);
    fireEvent.click(within(group('Paracet')).getByLabelText('Avslå'));
    fireEvent.change(screen.getByLabelText('Velg en standard begrunnelse'), { target: { value: 'Legemiddelet er ikke lenger aktuelt.' } });
    fireEvent.click(within(group('Ventoline')).getByLabelText('Forny'));
    const message = screen.getByLabelText(/Melding til pasienten/) as HTMLTextAreaElement;
    fireEvent.change(message, { target: { value: '  Ring oss om du lurer på noe.  ' } });
    save();
    await waitFor(() => expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['GET /api/session', 'POST /api/staff/threads/t1/renewal']));
    expect(calls[1]!.body).toEqual({
      decisions: [
        { itemId: 'i1', decision: 'declined', reason: 'Legemiddelet er ikke lenger aktuelt.' },
        { itemId: 'i2', decision: 'renewed' },
      ],
      text: 'Ring oss om du lurer på noe.',
    });
    await waitFor(() => expect(message.value).toBe(''));
  });
});
