/**
 * KITH messages: everything we generate must validate against the official XSDs in
 * kith/schemas (a copy of the national XSDs), the examples there must parse, and generate → parse must round-trip.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appRecError, appRecFor, buildAppRec, parseAppRec, type AppRecInput } from './apprec.ts';
import { DIALOG_CODES, DIALOG_MSG_TYPES, buildDialogMessage, type DialogMessageInput, type DialogMsgType } from './msghead.ts';
import { parseDialogMessage } from './parse.ts';
import { detectKithSchema, kithSchemaDir, validateKithXml } from './validate.ts';
import { KithError, OID, parseDateTime, sanitizeXmlText } from './xml.ts';

const example = (name: string) => readFileSync(path.join(kithSchemaDir(), 'examples', name), 'utf8');

const helsenorge = {
  organisationName: 'Helsedialog',
  herId: '8093244',
  unitName: 'Innbyggerdialog',
  unitHerId: '8093245',
};
const gp = {
  organisationName: 'Kattskinnet legesenter',
  herId: '56704',
  unitName: 'Legekontoret',
  unitHerId: '56705',
};

function question(type: DialogMsgType, sporsmal = 'Kan jeg få fornyet resepten på Ventoline?'): DialogMessageInput {
  return {
    msgId: '0d77d041-f010-4ec8-9105-f3dda92fc320',
    genDate: new Date('2025-03-01T09:15:30.123Z'),
    type,
    sender: helsenorge,
    receiver: gp,
    patient: { nationalId: '13116900216', givenName: 'Line', familyName: 'Danser' },
    requestAppRec: true,
    contentDescription: 'Reseptfornyelse',
    content: {
      kind: 'foresporsel',
      typeForesp: DIALOG_CODES.reseptfornyelse,
      emneSporsmal: 'Ventoline',
      sporsmal,
    },
  };
}

const answer: DialogMessageInput = {
  msgId: '7c3e8f2a-1b2c-4d5e-8f90-a1b2c3d4e5f6',
  genDate: new Date('2025-03-02T11:00:00.000Z'),
  type: 'DIALOG_NOTAT',
  sender: gp,
  receiver: helsenorge,
  patient: {
    nationalId: '41018012345',
    givenName: 'Ola',
    middleName: 'Nordmann',
    familyName: 'Hansen',
  },
  conversationRef: {
    refToParent: '0d77d041-f010-4ec8-9105-f3dda92fc320',
    refToConversation: '0d77d041-f010-4ec8-9105-f3dda92fc320',
  },
  requestAppRec: true,
  content: {
    kind: 'notat',
    temaKodet: DIALOG_CODES.reseptErFornyet,
    tema: 'Resept er fornyet',
    tekstNotatInnhold: 'Resepten er fornyet for ett år.\nHilsen legen',
    datoNotat: '2025-03-02',
    roles: [
      {
        roleToPatient: DIALOG_CODES.fastlege,
        healthcareProfessional: { hprNumber: '9144900', givenName: 'Kunstig', familyName: 'Lege' },
      },
    ],
  },
};

async function expectValid(xml: string): Promise<void> {
  const result = await validateKithXml(xml);
  expect(result.errors).toEqual([]);
  expect(result.valid).toBe(true);
}

describe('MsgHead + Dialogmelding', () => {
  it.each(Object.keys(DIALOG_MSG_TYPES) as DialogMsgType[])('%s validates and round-trips', async (type) => {
    const input = question(type);
    const xml = buildDialogMessage(input);
    await expectValid(xml);
    expect(parseDialogMessage(xml)).toEqual(input);
  });

  it('an answer (Notat with TemaKodet, author HPR, ConversationRef, D-nummer) validates and round-trips', async () => {
    const xml = buildDialogMessage(answer);
    expect(xml).toContain('<TypeId V="DNR"');
    await expectValid(xml);
    expect(parseDialogMessage(xml)).toEqual(answer);
  });

  it('requestAppRec defaults to true and can be turned off', async () => {
    const { requestAppRec: _, ...noAck } = question('DIALOG_INNBYGGER_EKONTAKT');
    expect(parseDialogMessage(buildDialogMessage(noAck)).requestAppRec).toBe(true);
    const xml = buildDialogMessage({ ...noAck, requestAppRec: false });
    expect(xml).not.toContain('<Ack');
    await expectValid(xml);
    expect(parseDialogMessage(xml).requestAppRec).toBe(false);
  });

  it('hostile patient text is escaped, still validates, and reads back (minus forbidden chars)', async () => {
    const hostile =
      '<script>alert("x")</script> ]]> & &amp; \'quotes\' "dq" <![CDATA[x]]> 😷🇳🇴 æøå\r\nCRLF\nLF\ttab' +
      ' \u2028LS \u0085NEL \u0000NUL\u0001\u0008\u000b\u000c\u001b\ufffe\uffff\ud800lone';
    const input = question('DIALOG_INNBYGGER_EKONTAKT', hostile);
    input.patient = { ...input.patient, givenName: 'Line <b>&"\'' };
    input.sender = { ...input.sender, organisationName: 'A & B <Legesenter>' };
    const xml = buildDialogMessage(input);
    expect(xml).not.toContain('<script>');
    await expectValid(xml);
    const parsed = parseDialogMessage(xml);
    // XML 1.0 cannot carry NUL, other C0 controls, U+FFFE/U+FFFF or lone surrogates at all, not even
    // as character references: they are stripped. Everything else — CR, U+2028, emoji — survives.
    const expected = sanitizeXmlText(hostile);
    expect(expected).toBe('<script>alert("x")</script> ]]> & &amp; \'quotes\' "dq" <![CDATA[x]]> 😷🇳🇴 æøå\r\nCRLF\nLF\ttab \u2028LS \u0085NEL NULlone');
    expect(parsed.content).toMatchObject({ sporsmal: expected });
    expect(parsed.patient.givenName).toBe('Line <b>&"\'');
    expect(parsed.sender.organisationName).toBe('A & B <Legesenter>');
  });

  it.each<[string, Partial<DialogMessageInput>, RegExp]>([
    ['msgId not a UUID', { msgId: 'not-a-uuid' }, /UUID/],
    ['short nationalId', { patient: { nationalId: '123', givenName: 'a', familyName: 'b' } }, /nationalId/],
    ['unit without HER-id', { receiver: { organisationName: 'X', herId: '1', unitName: 'Y' } }, /unitHerId/],
    ['invalid date', { genDate: new Date('nope') }, /Invalid Date/],
  ])('rejects bad input before writing XML: %s', (_, patch, why) => {
    expect(() => buildDialogMessage({ ...question('DIALOG_NOTAT'), ...patch })).toThrow(why);
  });

  it('a message without MsgId fails validation with a readable error', async () => {
    const broken = buildDialogMessage(question('DIALOG_INNBYGGER_EKONTAKT')).replace(/<MsgId>[^<]*<\/MsgId>\n?/, '');
    const result = await validateKithXml(broken);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/^line \d+: .*MsgId/m);
  });

  it('an unknown element inside the Dialogmelding fails (Content is a strict wildcard)', async () => {
    const broken = buildDialogMessage(question('DIALOG_INNBYGGER_EKONTAKT')).replace('<Sporsmal>', '<Tull/><Sporsmal>');
    const result = await validateKithXml(broken);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/Tull/);
  });

  it('malformed XML fails validation and parsing without crashing', async () => {
    const result = await validateKithXml('<MsgHead xmlns="http://www.kith.no/xmlstds/msghead/2006-05-24"><MsgInfo>');
    expect(result.valid).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(() => parseDialogMessage('<MsgHead><oops></MsgHead>')).toThrow(KithError);
    expect(() => parseDialogMessage('<!DOCTYPE x [<!ENTITY a "b">]><MsgHead/>')).toThrow(/DOCTYPE/);
    expect(await validateKithXml('<Other/>')).toEqual({
      valid: false,
      errors: [expect.stringMatching(/neither/)],
    });
  });
});

describe('shared examples', () => {
  it.each(['msghead-dialog-innbygger-ekontakt.xml', 'msghead-dialogmelding-1.1.xml', 'apprec-1.1-ok.xml', 'apprec-1.1-avvist.xml'])(
    '%s validates against the official schema',
    async (name) => {
      await expectValid(example(name));
    },
  );

  it('parses the citizen e-kontakt example', () => {
    const msg = parseDialogMessage(example('msghead-dialog-innbygger-ekontakt.xml'));
    expect(msg).toMatchObject({
      msgId: '0d77d041-f010-4ec8-9105-f3dda92fc320',
      type: 'DIALOG_INNBYGGER_EKONTAKT',
      requestAppRec: true,
      sender: {
        organisationName: 'Direktoratet for e-helse',
        herId: '115851',
        unitName: 'Kommunikasjonspart 4',
        unitHerId: '8141333',
      },
      receiver: { herId: '115851', unitName: 'Helsenorge.no', unitHerId: '8093244' },
      patient: { nationalId: '13116900216', givenName: 'Line', familyName: 'Danser' },
      contentDescription: 'Bestille attest',
      content: {
        kind: 'foresporsel',
        typeForesp: { v: 'BA', s: `${OID}7601`, dn: 'Bestille attest' },
        sporsmal: 'Hei. Jeg trenger fornyet legeattest på at jeg har pollenallergi.',
      },
    });
    expect(msg.genDate.toISOString()).toBe('2022-10-22T14:15:00.000Z');
  });

  it('parses the clinical example (prefixed fk1 ids, attachment Document, time without offset)', () => {
    const msg = parseDialogMessage(example('msghead-dialogmelding-1.1.xml'));
    expect(msg.type).toBe('DIALOG_HELSEFAGLIG');
    expect(msg.genDate.toISOString()).toBe('2025-05-13T09:56:21.000Z'); // Oslo summer time, UTC+2
    expect(msg.content).toMatchObject({
      kind: 'notat',
      temaKodet: { v: '8', s: `${OID}7322` },
      tema: 'EKG tatt i dag',
      roles: [
        {
          roleToPatient: { v: '6', dn: 'Fastlege' },
          healthcareProfessional: {
            hprNumber: '9144900',
            givenName: 'Kunstig',
            familyName: 'Lege',
          },
        },
      ],
    });
  });

  it('parses the AppRec examples', () => {
    const ok = parseAppRec(example('apprec-1.1-ok.xml'));
    expect(ok).toMatchObject({ status: 'ok', errors: [], originalMsgType: 'EPIKRISE' });
    expect(ok.originalMsgId).toBe('4c793d90-c41b-11e0-962b-0800200c9a66');
    expect(ok.sender).toMatchObject({ herId: '56704', personName: 'August September' });
    expect(ok.receiver).toMatchObject({ herId: '69', unitName: 'Kirurgi', unitHerId: '89583' });
    const avvist = parseAppRec(example('apprec-1.1-avvist.xml'));
    expect(avvist.status).toBe('rejected');
    expect(avvist.errors).toEqual([{ code: 'E21', text: 'Mottaker finnes ikke', codeSystem: `${OID}8221` }]);
    expect(avvist.originalMsgId).toBe('e0e21a90-5ec8-11e1-b86c-0800200c9a66');
    expect(detectKithSchema(example('apprec-1.1-avvist.xml'))).toBe('apprec');
  });
});

describe('AppRec', () => {
  const original = parseDialogMessage(buildDialogMessage(question('DIALOG_INNBYGGER_RESEPTFORNYELSE')));
  const base = {
    id: 'b1f0c0de-0000-4000-8000-000000000001',
    genDate: new Date('2025-03-01T09:16:00.000Z'),
  };

  it.each<[string, AppRecInput]>([
    ['ok', appRecFor(original, { ...base, status: 'ok' })],
    [
      'rejected',
      appRecFor(original, {
        ...base,
        status: 'rejected',
        errors: [appRecError('E35'), appRecError('T02', 'Element "Tull" <ukjent> & feil\nlinje 2')],
      }),
    ],
    [
      'partial',
      appRecFor(original, {
        ...base,
        status: 'partial',
        errors: [appRecError('X99', 'Vedlegg kunne ikke leses')],
      }),
    ],
  ])('%s: generates, validates and parses back', async (_, input) => {
    const xml = buildAppRec(input);
    await expectValid(xml);
    const parsed = parseAppRec(xml);
    expect(parsed).toEqual({ ...input, errors: input.errors ?? [] });
    expect(parsed.originalMsgId).toBe(original.msgId);
    expect(parsed.originalMsgType).toBe('DIALOG_INNBYGGER_RESEPTFORNYELSE');
    expect(parsed.receiver).toEqual(helsenorge);
  });

  it('status and errors must agree (Error only with status 2 or 3)', () => {
    const input = appRecFor(original, { ...base, status: 'rejected' });
    expect(() => buildAppRec(input)).toThrow(/at least one error/);
    expect(() => buildAppRec({ ...input, status: 'ok', errors: [appRecError('X99')] })).toThrow(/cannot carry/);
  });

  it('an AppRec missing OriginalMsgId fails validation', async () => {
    const xml = buildAppRec(appRecFor(original, { ...base, status: 'ok' })).replace(/<OriginalMsgId>[\s\S]*<\/OriginalMsgId>/, '');
    const result = await validateKithXml(xml);
    expect(result.valid).toBe(false);
    expect(result.errors.join('\n')).toMatch(/line \d+: .*OriginalMsgId/);
  });
});

describe('dates', () => {
  it('reads offsets, Z, long fractions and Oslo wall-clock time', () => {
    expect(parseDateTime('2012-02-17T09:30:47').toISOString()).toBe('2012-02-17T08:30:47.000Z'); // winter, UTC+1
    expect(parseDateTime('2025-05-13T11:56:21.7607390Z').toISOString()).toBe('2025-05-13T11:56:21.760Z');
    expect(parseDateTime('2025-05-13T11:56:21+02:00').toISOString()).toBe('2025-05-13T09:56:21.000Z');
    expect(() => parseDateTime('13.05.2025')).toThrow(KithError);
  });
});
