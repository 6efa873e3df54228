/** RFC 5545 text: escaping, folding at 75 octets without splitting UTF-8, CRLF line ends, UTC times. */
import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, toIcs, utcStamp } from './ical.ts';

describe('iCalendar', () => {
  it('escapes backslash, semicolon, comma and newlines', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds long lines at 75 octets, never inside a multi-byte character, and unfolds to the original', () => {
    const line = `DESCRIPTION:${'Blodprøve på laboratoriet – æøå '.repeat(8)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(75);
    for (const p of parts.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join('')).toBe(line);
    expect(folded).not.toContain('\uFFFD');
  });

  it('writes a complete VCALENDAR with UTC times and CRLF', () => {
    const text = toIcs({
      uid: 'x@helsedialog',
      start: new Date('2027-03-28T06:00:00Z'),
      end: new Date('2027-03-28T06:20:00Z'),
      summary: 'Time hos Lise Fjellheim, Fjordbyen',
      location: 'Storgata 1; 2. etg',
      status: 'CONFIRMED',
      sequence: 0,
      stamp: new Date('2027-01-01T00:00:00Z'),
    });
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text).toContain('DTSTART:20270328T060000Z\r\n');
    expect(text).toContain('DTEND:20270328T062000Z\r\n');
    expect(text).toContain('SUMMARY:Time hos Lise Fjellheim\\, Fjordbyen\r\n');
    expect(text).toContain('LOCATION:Storgata 1\\; 2. etg\r\n');
    expect(text.split('\r\n').filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    expect(utcStamp(new Date('2027-10-31T00:30:00.123Z'))).toBe('20271031T003000Z');
  });
});
