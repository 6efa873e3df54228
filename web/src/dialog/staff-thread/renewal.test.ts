import { MAX_TEXT } from '@helsedialog/core';
import { describe, expect, it } from 'vitest';
import type { TranslateFn } from '../../i18n/i18n-context.ts';
import { checkRenewal, type Choice } from './renewal.ts';

// The key and its parameters stand for the text, so the test sees which text was chosen.
const t = ((key: string, params?: Record<string, string | number>) => (params ? `${key} ${JSON.stringify(params)}` : key)) as TranslateFn;
const pending = [
  { id: 'i1', medication: 'Paracet' },
  { id: 'i2', medication: 'Ventoline' },
];
const choice = (c: Partial<Choice>): Choice => ({ decision: '', std: '', own: '', ...c });

describe('the renewal check', () => {
  it('asks for a decision when none is made', () => {
    expect(checkRenewal(pending, {}, '', t)).toEqual({ errors: { _: 'dialog.validate.decide' } });
  });

  it('asks for a reason for each decline, by the medication', () => {
    const r = checkRenewal(pending, { i1: choice({ decision: 'declined', own: '  ' }) }, '', t);
    expect(r.body).toBeUndefined();
    expect(r.errors).toEqual({ i1: 'dialog.validate.reason {"name":"Paracet"}' });
  });

  it('sends the decisions made, an own reason before a standard one, the message trimmed', () => {
    const r = checkRenewal(
      pending,
      { i1: choice({ decision: 'declined', std: 'Trenger kontroll', own: ' Ta blodprøve først ' }), i2: choice({ decision: 'renewed' }) },
      '  Hilsen legen  ',
      t,
    );
    expect(r).toEqual({
      errors: {},
      body: {
        decisions: [
          { itemId: 'i1', decision: 'declined', reason: 'Ta blodprøve først' },
          { itemId: 'i2', decision: 'renewed' },
        ],
        text: 'Hilsen legen',
      },
    });
  });

  it('leaves undecided items out and a standard reason serves', () => {
    const r = checkRenewal(pending, { i2: choice({ decision: 'declined', std: 'Trenger kontroll' }) }, '', t);
    expect(r.body).toEqual({ decisions: [{ itemId: 'i2', decision: 'declined', reason: 'Trenger kontroll' }] });
  });

  it('refuses a message over the limit', () => {
    const r = checkRenewal(pending, { i1: choice({ decision: 'renewed' }) }, 'x'.repeat(MAX_TEXT + 1), t);
    expect(r.errors).toEqual({ text: `dialog.validate.textLong {"max":${MAX_TEXT}}` });
  });
});
