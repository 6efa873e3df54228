import type { Appointment } from '@helsedialog/core';
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderInApp } from '../test/render.tsx';
import { AppointmentCard } from './parts.tsx';

const appointment: Appointment = {
  id: 'a1',
  title: 'Kontroll av blodtrykk',
  type: 'video',
  status: 'completed',
  // The night the clocks go forward: 00:30 CET to 03:15 CEST in Oslo, 23:30 to 01:15 in UTC.
  startsAt: '2026-03-28T23:30:00Z',
  endsAt: '2026-03-29T01:15:00Z',
  unit: { id: 'u1', name: 'Fjellheim legekontor', kind: 'gp' },
  contactId: 'c1',
  resource: false,
  clinician: null,
  location: null,
  directions: null,
  reason: 'Oppfølging',
  note: null,
  source: 'unit',
  cancelledAt: null,
  cancelledBy: null,
  completedAt: '2026-06-30T22:05:00Z',
  threadId: null,
  videoUrl: null,
  videoOpensAt: null,
  canCancel: false,
  cancelDeadline: null,
  canStartDialog: false,
};

/** The card's facts as a screen reader lists them: term → description. */
function facts(): Record<string, string> {
  const card = screen.getByTestId('appointment');
  const out: Record<string, string> = {};
  for (const term of within(card).getAllByRole('term')) out[term.textContent ?? ''] = term.nextElementSibling?.textContent ?? '';
  return out;
}

describe('AppointmentCard', () => {
  it('says when, on the Oslo clock and calendar, in bokmål', async () => {
    await renderInApp(<AppointmentCard a={appointment} to="/citizen/appointments/a1" />);
    expect(facts()).toEqual({
      Tid: 'søndag 29. mars 2026 kl. 00:30–03:15',
      Hvor: 'Fjellheim legekontor',
      Gjelder: 'Oppfølging',
      // 22:05 UTC on 30 June is 00:05 on 1 July in Oslo (summer time).
      Utført: 'onsdag 1. juli 2026 kl. 00:05',
    });
    expect(screen.getByRole('link', { name: 'Kontroll av blodtrykk' }).getAttribute('href')).toBe('/citizen/appointments/a1');
    expect(screen.getByText('Video')).toBeTruthy();
  });

  it('says the same times in English', async () => {
    await renderInApp(<AppointmentCard a={appointment} />, { language: 'en' });
    const when = facts();
    expect(when.Time).toBe('Sunday, 29 March 2026 at 00:30–03:15');
    expect(when['Carried out']).toBe('Wednesday, 1 July 2026 at 00:05');
    expect(screen.queryByRole('link')).toBeNull();
  });
});
