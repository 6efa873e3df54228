/** Ways into the record pages: on the citizen's start page, and on a unit card for clinicians. */
import type { RecordKind } from '@helsedialog/core';
import { Link } from 'react-router';
import { useCapability } from '../api/representation.ts';
import { useT } from '../i18n/i18n-context.ts';
import type { MessageKey } from '../i18n/nb.ts';
import { useRecordCount } from './api.ts';

/** The citizen's list page of each kind (the routes in App.tsx; the page module stays out of the start page). */
const PATH: Record<RecordKind, string> = { document: '/citizen/documents', referral: '/citizen/referrals', result: '/citizen/results' };
const LABEL: Record<RecordKind, MessageKey> = { document: 'records.shortcut.documents', referral: 'records.shortcut.referrals', result: 'records.shortcut.results' };

/** "Dokumenter", "Henvisninger", "Prøvesvar" with their new counts — where the access policy lets the user see them. */
export function RecordsShortcut() {
  const see = useCapability('record')?.see !== false;
  if (!see) return null;
  return (
    <p className="hd-shortcuts">
      <RecordLink kind="document" />
      <RecordLink kind="referral" />
      <RecordLink kind="result" />
    </p>
  );
}

function RecordLink({ kind }: { kind: RecordKind }) {
  const t = useT();
  const count = useRecordCount(kind, true);
  const unread = count.data?.items.some((i) => i.metadataOnly) ? 0 : (count.data?.unread ?? 0);
  const label = t(LABEL[kind]);
  return (
    <Link className="hd-link" to={PATH[kind]}>
      {unread > 0 ? t('records.shortcut.unread', { label, count: unread }) : label}
    </Link>
  );
}

/** On a unit card: what waits for a clinician's release. */
export function UnitReleaseLink({ unitId, unitName }: { unitId: string; unitName: string }) {
  const t = useT();
  return (
    <Link className="hd-link" to={`/clinician/units/${unitId}/release`}>
      {t('records.staff.link')}
      <span className="hd-visually-hidden"> – {unitName}</span>
    </Link>
  );
}
