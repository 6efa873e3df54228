/** FHIR payloads for the record tests and the browser journey: a tiny PDF, a lab panel, a referral. */
import type { DiagnosticReport, DocumentReference, Observation, ServiceRequest } from '@medplum/fhirtypes';
import { RECORD_EXT } from '../../fhir/resources/records.ts';

/** A minimal PDF that opens in a viewer. */
export function tinyPdf(text = 'Epikrise'): Buffer {
  const body = `BT /F1 18 Tf 40 780 Td (${text}) Tj ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${body.length} >>\nstream\n${body}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export function documentReference(
  patientId: string,
  unitId: string,
  opts: { title?: string; binaryId?: string; data?: Buffer; notDigital?: boolean; status?: DocumentReference['status'] } = {},
): DocumentReference {
  const attachment = opts.notDigital
    ? { title: opts.title ?? 'Epikrise' }
    : opts.binaryId
      ? { contentType: 'application/pdf', url: `Binary/${opts.binaryId}`, title: opts.title ?? 'Epikrise' }
      : { contentType: 'application/pdf', data: (opts.data ?? tinyPdf(opts.title)).toString('base64'), title: opts.title ?? 'Epikrise' };
  return {
    resourceType: 'DocumentReference',
    status: opts.status ?? 'current',
    type: { text: opts.title ?? 'Epikrise' },
    description: opts.title ?? 'Epikrise',
    subject: { reference: `Patient/${patientId}` },
    custodian: { reference: `Organization/${unitId}` },
    date: '2026-11-30T10:00:00+01:00',
    content: [{ attachment }],
  };
}

/** A referral with our status extension (`status` is the referral's status, e.g. right_granted). */
export function referral(patientId: string, unitId: string, status: string, extra: { careStartBy?: string; forwardedTo?: string; at?: string } = {}): ServiceRequest {
  return {
    resourceType: 'ServiceRequest',
    status: status === 'completed' || status === 'forwarded' ? 'completed' : 'active',
    intent: 'order',
    code: { text: 'Henvisning til hjertemedisinsk poliklinikk' },
    subject: { reference: `Patient/${patientId}` },
    performer: [{ reference: `Organization/${unitId}` }],
    authoredOn: '2026-11-20T09:00:00+01:00',
    extension: [
      { url: RECORD_EXT.referralStatus, valueCode: status },
      ...(extra.careStartBy ? [{ url: RECORD_EXT.careStartBy, valueDate: extra.careStartBy }] : []),
      ...(extra.forwardedTo ? [{ url: RECORD_EXT.forwardedTo, valueString: extra.forwardedTo }] : []),
      ...(extra.at ? [{ url: RECORD_EXT.statusDate, valueDateTime: extra.at }] : []),
    ],
  };
}

type Value = { code: string; display: string; value: number; comparator?: '<' | '<=' | '>=' | '>'; unit?: string; low?: number; high?: number; when?: string };

export function labPanel(
  patientId: string,
  unitId: string,
  values: Value[],
  opts: { title?: string; when?: string; status?: DiagnosticReport['status'] } = {},
): DiagnosticReport {
  return {
    resourceType: 'DiagnosticReport',
    status: opts.status ?? 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB' }] }],
    code: { text: opts.title ?? 'Blodprøver' },
    subject: { reference: `Patient/${patientId}` },
    performer: [{ reference: `Organization/${unitId}` }],
    effectiveDateTime: opts.when ?? '2026-12-01T08:30:00+01:00',
    contained: values.map((v, i): Observation => ({
      resourceType: 'Observation',
      id: `o${i}`,
      status: 'final',
      code: { coding: [{ system: 'http://loinc.org', code: v.code, display: v.display }], text: v.display },
      valueQuantity: { value: v.value, ...(v.comparator ? { comparator: v.comparator } : {}), ...(v.unit ? { unit: v.unit } : {}) },
      ...(v.when ? { effectiveDateTime: v.when } : {}),
      ...(v.low !== undefined || v.high !== undefined
        ? { referenceRange: [{ ...(v.low !== undefined ? { low: { value: v.low, ...(v.unit ? { unit: v.unit } : {}) } } : {}), ...(v.high !== undefined ? { high: { value: v.high, ...(v.unit ? { unit: v.unit } : {}) } } : {}) }] }
        : {}),
    })),
    result: values.map((_v, i) => ({ reference: `#o${i}` })),
  };
}

export const HB = { code: '718-7', display: 'Hemoglobin', unit: 'g/dL', low: 11.7, high: 15.3 };
export const CRP = { code: '1988-5', display: 'CRP', unit: 'mg/L', high: 5 };
