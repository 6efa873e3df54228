/**
 * "Du har ikke tilgang til meldinger for Jonas Testrud": shown instead of a page the chosen
 * representation does not cover. RepresentationGate decides it from the route before any
 * request; RepresentationAreaPanel is the same text for a REPRESENTATION_AREA answer, naming
 * the area the server gives in the problem's `area` member (never guessed from the route).
 */
import Button from '@helsenorge/designsystem-react/components/Button';
import NotificationPanel from '@helsenorge/designsystem-react/components/NotificationPanel';
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import type { RepresentationArea, RepresentationItem } from '@helsedialog/core';
import { problemArea, useRepresentations } from '../api/representation.ts';
import { useMe } from '../api/queries.ts';
import { useT } from '../i18n/i18n-context.ts';
import { useDocumentTitle } from '../lib/use-document-title.ts';
import { useSwitchPerson } from './RepresentationBar.tsx';
import './representation.scss';

/** The area a citizen page belongs to, by its path; null for pages every representation may open. */
export function areaForPath(pathname: string): RepresentationArea | null {
  if (/^\/citizen\/(messages|contacts\/[^/]+)(\/|$)/.test(pathname)) return 'dialog';
  if (/^\/citizen\/appointments(\/|$)/.test(pathname)) return 'appointments';
  // The record pages (/citizen/documents, /referrals, /results, /records) are not gated by area:
  // a parent of a 12–15-year-old may see their metadata where the unit chose it, and the server's
  // access policy (rule `record`) answers the lists and refuses the content (issue 21).
  if (/^\/citizen\/(letters|innsyn)(\/|$)/.test(pathname)) return 'documents';
  return null;
}

/** The representation in use now, when acting for someone else. */
function useCurrentRepresentation(): { item: RepresentationItem | undefined; userName: string; acting: boolean } {
  const me = useMe();
  const acting = !!(me.data?.kind === 'citizen' && me.data.actingFor && me.data.actingFor.id !== me.data.person.id);
  const reps = useRepresentations(acting);
  const id = me.data?.actingFor?.id;
  const item = acting ? reps.data?.items.find((i) => i.personId === id) : undefined;
  return { item, userName: me.data?.person.name ?? '', acting };
}

/** Renders its children unless the chosen representation does not cover the page's area. */
export function RepresentationGate({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const { item, acting } = useCurrentRepresentation();
  const area = areaForPath(pathname);
  if (acting && item && area && !item.areas.includes(area)) {
    return <NoAccessPanel area={area} item={item} headingLevel="h1" />;
  }
  return children;
}

/** For an error answered REPRESENTATION_AREA: the same text, for the area the server names (generic when it names none). */
export function RepresentationAreaPanel({ error, headingLevel = 'h2' }: { error: unknown; headingLevel?: 'h1' | 'h2' }) {
  const t = useT();
  const { item } = useCurrentRepresentation();
  const me = useMe();
  const fallback: RepresentationItem | undefined = me.data?.actingFor
    ? { personId: me.data.actingFor.id, name: me.data.actingFor.name, relation: me.data.actingFor.relation, age: 0, areas: [], until: null, capabilities: {} }
    : undefined;
  const rep = item ?? fallback;
  if (!rep) {
    return (
      <NotificationPanel variant="warn" label={t('problem.REPRESENTATION_AREA')} labelHtmlMarkup={headingLevel}>
        <Link className="hd-link" to="/citizen">
          {t('rep.noAccess.home')}
        </Link>
      </NotificationPanel>
    );
  }
  return <NoAccessPanel area={problemArea(error)} item={rep} headingLevel={headingLevel} />;
}

function NoAccessPanel({ area, item, headingLevel }: { area: RepresentationArea | null; item: RepresentationItem; headingLevel: 'h1' | 'h2' }) {
  const t = useT();
  const me = useMe();
  const switchPerson = useSwitchPerson();
  const title = area ? t('rep.noAccess.title', { area: t(`rep.area.${area}`), name: item.name }) : t('rep.noAccess.titleGeneric', { name: item.name });
  let text: string;
  if (item.relation === 'parent' && item.age >= 12) text = t('rep.noAccess.parentYouth');
  else if (item.relation === 'poa' && area) text = t('rep.noAccess.poa', { area: t(`rep.area.${area}`) });
  else text = t('rep.noAccess.generic', { name: item.name });
  return (
    <div className="hd-rep-noaccess">
      {headingLevel === 'h1' && <DocumentTitle title={`${title} – helsedialog`} />}
      <NotificationPanel variant="warn" label={title} labelHtmlMarkup={headingLevel}>
        <p className="hd-panel-text">{text}</p>
        <div className="hd-rep-card__actions">
          {me.data && (
            <Button variant="outline" disabled={switchPerson.isPending} onClick={() => switchPerson.mutate(me.data.person.id)}>
              {t('rep.banner.back')}
            </Button>
          )}
          <Link className="hd-link" to="/citizen">
            {t('rep.noAccess.home')}
          </Link>
        </div>
      </NotificationPanel>
    </div>
  );
}

function DocumentTitle({ title }: { title: string }) {
  useDocumentTitle(title);
  return null;
}
