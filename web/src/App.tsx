import { lazy, Suspense, useRef, type ComponentProps, type ComponentType, type ReactElement } from 'react';
import { createRoutesFromElements, matchRoutes, Route, Routes } from 'react-router';
import { AppLayout } from './components/AppLayout.tsx';
import { PageLoader } from './components/PageLoader.tsx';
import { loadAreaTexts } from './i18n/languages.ts';

/** A page component that can also be loaded ahead of its first render (`preloadPage`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a page may take props (e.g. the record kind)
type Page<C extends ComponentType<any>> = ComponentType<ComponentProps<C>> & { load(): Promise<unknown> };

/**
 * Every page is its own chunk, loaded when its route is first visited (route-based code
 * splitting; AppLayout holds the Suspense boundary, so the header stays while a page loads): the
 * citizen start page loads only the shell and itself. `page` makes a page from a module loader and
 * the loaders it waits for besides: it is React.lazy, except that a page whose chunk is already here
 * (main.tsx loads the first page's chunk before the first render, `preloadPage`) renders at once
 * instead of showing the loader for a moment. A new page: add a
 * `const X = named(() => import('./x/X.tsx'), 'X');` line and its <Route>; never a static import
 * of a page here (scripts/bundle-size.ts would show it).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as Page
function page<K extends string, M extends Record<K, ComponentType<any>>>(load: () => Promise<M>, key: K, alsoWait: Array<() => Promise<unknown>>): Page<M[K]> {
  let module: Promise<{ default: M[K] }> | undefined;
  let loaded: M[K] | undefined;
  const once = () =>
    (module ??= Promise.all([load(), ...alsoWait.map((w) => w())]).then(
      ([m]) => ({ default: (loaded = m[key]) }),
      (error: unknown) => {
        module = undefined; // offline: the next visit tries again
        throw error;
      },
    ));
  const Lazy = lazy(once);
  function Loaded(props: ComponentProps<M[K]>): ReactElement {
    // Chosen once per mount: switching from Lazy to the module later would remount the page.
    const Component = useRef((loaded ?? Lazy) as ComponentType<ComponentProps<M[K]>>).current;
    return <Component {...props} />;
  }
  return Object.assign(Loaded, { load: once });
}

/** A page: its chunk and the areas' bokmål texts (nb-areas.ts) load side by side; it renders once both are here. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as Page
function named<K extends string, M extends Record<K, ComponentType<any>>>(load: () => Promise<M>, key: K): Page<M[K]> {
  return page(load, key, [loadAreaTexts]);
}

/**
 * A start page (`/`, `/citizen`): renders without waiting for the areas' texts, so it may use only
 * keys of the start catalogue, web/src/i18n/nb.ts (scripts/i18n-start.ts checks it).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as Page
function namedStart<K extends string, M extends Record<K, ComponentType<any>>>(load: () => Promise<M>, key: K): Page<M[K]> {
  return page(load, key, []);
}

const AnalysisHistoryPage = named(() => import('./records/CitizenRecordsPages.tsx'), 'AnalysisHistoryPage');
const CitizenRecordPage = named(() => import('./records/CitizenRecordsPages.tsx'), 'CitizenRecordPage');
const CitizenRecordsPage = named(() => import('./records/CitizenRecordsPages.tsx'), 'CitizenRecordsPage');
const UnitReleasePage = named(() => import('./records/UnitReleasePage.tsx'), 'UnitReleasePage');
const TasksPage = named(() => import('./tasks/TasksPage.tsx'), 'TasksPage');
const ToolTaskPage = named(() => import('./tasks/ToolTaskPage.tsx'), 'ToolTaskPage');
const ToolCataloguePage = named(() => import('./tasks/ToolCataloguePage.tsx'), 'ToolCataloguePage');
const AppointmentDetailPage = named(() => import('./appointments/AppointmentDetailPage.tsx'), 'AppointmentDetailPage');
const BookPage = named(() => import('./appointments/BookPage.tsx'), 'BookPage');
const CalendarPage = named(() => import('./appointments/CalendarPage.tsx'), 'CalendarPage');
const WaitlistPage = named(() => import('./appointments/WaitlistPage.tsx'), 'WaitlistPage');
const CitizenAppointmentsPage = named(() => import('./appointments/CitizenAppointmentsPage.tsx'), 'CitizenAppointmentsPage');
const NewAppointmentPage = named(() => import('./appointments/NewAppointmentPage.tsx'), 'NewAppointmentPage');
const RequestPage = named(() => import('./appointments/RequestPage.tsx'), 'RequestPage');
const TimebookPage = named(() => import('./appointments/TimebookPage.tsx'), 'TimebookPage');
const UnitAppointmentsPage = named(() => import('./appointments/UnitAppointmentsPage.tsx'), 'UnitAppointmentsPage');
const CitizenHomePage = namedStart(() => import('./citizen/CitizenHomePage.tsx'), 'CitizenHomePage');
const ClinicianHomePage = named(() => import('./clinician/ClinicianHomePage.tsx'), 'ClinicianHomePage');
const ServicesPage = named(() => import('./admin/ServicesPage.tsx'), 'ServicesPage');
const RulesPage = named(() => import('./rules/RulesPage.tsx'), 'RulesPage');
const EpjEndpointPage = named(() => import('./journal/EpjEndpointPage.tsx'), 'EpjEndpointPage');
const ContactServicesPage = named(() => import('./dialog/ContactServicesPage.tsx'), 'ContactServicesPage');
const CombinedInboxPage = named(() => import('./dialog/InboxPage.tsx'), 'CombinedInboxPage');
const InboxPage = named(() => import('./dialog/InboxPage.tsx'), 'InboxPage');
const MessagesPage = named(() => import('./dialog/MessagesPage.tsx'), 'MessagesPage');
const NewStaffThreadPage = named(() => import('./dialog/NewStaffThreadPage.tsx'), 'NewStaffThreadPage');
const StaffThreadPage = named(() => import('./dialog/StaffThreadPage.tsx'), 'StaffThreadPage');
const StaffThreadPane = named(() => import('./dialog/StaffThreadPage.tsx'), 'StaffThreadPane');
const TemplatesPage = named(() => import('./workspace/TemplatesPage.tsx'), 'TemplatesPage');
const ThreadPage = named(() => import('./dialog/ThreadPage.tsx'), 'ThreadPage');
const WritePage = named(() => import('./dialog/WritePage.tsx'), 'WritePage');
const LandingPage = namedStart(() => import('./pages/LandingPage.tsx'), 'LandingPage');
const NotFoundPage = named(() => import('./pages/NotFoundPage.tsx'), 'NotFoundPage');
const AccessLogPage = named(() => import('./accesslog/AccessLogPage.tsx'), 'AccessLogPage');
const PatientPage = named(() => import('./representation/PatientPage.tsx'), 'PatientPage');
const PatientSearchPage = named(() => import('./representation/PatientSearchPage.tsx'), 'PatientSearchPage');
const PowersOfAttorneyPage = named(() => import('./representation/PowersOfAttorneyPage.tsx'), 'PowersOfAttorneyPage');
const CitizenLetterPage = named(() => import('./letters/CitizenLetterPage.tsx'), 'CitizenLetterPage');
const CitizenLettersPage = named(() => import('./letters/CitizenLettersPage.tsx'), 'CitizenLettersPage');
const NewLetterPage = named(() => import('./letters/NewLetterPage.tsx'), 'NewLetterPage');
const UnitLettersPage = named(() => import('./letters/UnitLettersPage.tsx'), 'UnitLettersPage');
const CampaignsPage = named(() => import('./campaigns/CampaignsPage.tsx'), 'CampaignsPage');
const NewCampaignPage = named(() => import('./campaigns/NewCampaignPage.tsx'), 'NewCampaignPage');
const CampaignPage = named(() => import('./campaigns/CampaignPage.tsx'), 'CampaignPage');
const PaperPage = named(() => import('./campaigns/PaperPage.tsx'), 'PaperPage');
const DevMailboxPage = named(() => import('./notify/DevMailboxPage.tsx'), 'DevMailboxPage');
const CitizenFormPage = named(() => import('./forms/CitizenFormPage.tsx'), 'CitizenFormPage');
const CitizenFormsPage = named(() => import('./forms/CitizenFormsPage.tsx'), 'CitizenFormsPage');
const FormLibraryPage = named(() => import('./forms/FormLibraryPage.tsx'), 'FormLibraryPage');
const StaffFormRequestPage = named(() => import('./forms/StaffFormRequestPage.tsx'), 'StaffFormRequestPage');
const UnitFormRequestsPage = named(() => import('./forms/UnitFormRequestsPage.tsx'), 'UnitFormRequestsPage');
const NotificationSettingsPage = named(() => import('./notify/NotificationSettingsPage.tsx'), 'NotificationSettingsPage');

/** The statistics page carries the charting library: loaded only when opened. */
const StatisticsPage = named(() => import('./statistics/StatisticsPage.tsx'), 'default');

/** The route table. */
const routes = (
  <Route element={<AppLayout />}>
    <Route index element={<LandingPage />} />
    <Route path="citizen" element={<CitizenHomePage />} />
    <Route path="clinician" element={<ClinicianHomePage />} />
    <Route path="citizen/contacts/:contactId" element={<ContactServicesPage />} />
    <Route path="citizen/contacts/:contactId/new/:kind" element={<WritePage />} />
    <Route path="citizen/messages" element={<MessagesPage />} />
    <Route path="citizen/messages/:threadId" element={<ThreadPage />} />
    <Route path="clinician/inbox" element={<CombinedInboxPage />}>
      <Route path="threads/:threadId" element={<StaffThreadPane />} />
    </Route>
    <Route path="clinician/units/:unitId" element={<InboxPage />}>
      <Route path="threads/:threadId" element={<StaffThreadPane />} />
    </Route>
    <Route path="clinician/units/:unitId/templates" element={<TemplatesPage />} />
    <Route path="clinician/units/:unitId/new" element={<NewStaffThreadPage />} />
    <Route path="clinician/units/:unitId/services" element={<ServicesPage />} />
    <Route path="clinician/units/:unitId/rules" element={<RulesPage />} />
    <Route path="clinician/units/:unitId/epj" element={<EpjEndpointPage />} />
    <Route path="clinician/threads/:threadId" element={<StaffThreadPage />} />
    <Route path="citizen/appointments" element={<CitizenAppointmentsPage />} />
    <Route path="citizen/appointments/book/:contactId" element={<BookPage />} />
    <Route path="citizen/appointments/request/:contactId" element={<RequestPage />} />
    <Route path="citizen/appointments/:appointmentId" element={<AppointmentDetailPage />} />
    <Route path="clinician/units/:unitId/appointments" element={<UnitAppointmentsPage />} />
    <Route path="clinician/units/:unitId/appointments/new" element={<NewAppointmentPage />} />
    <Route path="clinician/units/:unitId/calendar" element={<CalendarPage />} />
    <Route path="clinician/units/:unitId/waitlist" element={<WaitlistPage />} />
    <Route path="clinician/timebooks/:timebookId" element={<TimebookPage />} />
    <Route path="citizen/letters" element={<CitizenLettersPage />} />
    <Route path="citizen/documents" element={<CitizenRecordsPage kind="document" />} />
    <Route path="citizen/referrals" element={<CitizenRecordsPage kind="referral" />} />
    <Route path="citizen/results" element={<CitizenRecordsPage kind="result" />} />
    <Route path="citizen/results/analyses/:code" element={<AnalysisHistoryPage />} />
    <Route path="citizen/records/:recordId" element={<CitizenRecordPage />} />
    <Route path="clinician/units/:unitId/release" element={<UnitReleasePage />} />
    <Route path="citizen/letters/:letterId" element={<CitizenLetterPage />} />
    <Route path="citizen/notifications" element={<NotificationSettingsPage />} />
    <Route path="clinician/units/:unitId/letters" element={<UnitLettersPage />} />
    <Route path="clinician/units/:unitId/letters/new" element={<NewLetterPage />} />
    <Route path="dev/mailbox" element={<DevMailboxPage />} />
    <Route path="citizen/fullmakt" element={<PowersOfAttorneyPage />} />
    <Route path="citizen/innsyn" element={<AccessLogPage />} />
    <Route path="clinician/units/:unitId/patients" element={<PatientSearchPage />} />
    <Route path="clinician/units/:unitId/patients/:contactId" element={<PatientPage />} />
    <Route path="citizen/oppgaver" element={<TasksPage />} />
    <Route path="citizen/oppgaver/verktoy/:assignmentId" element={<ToolTaskPage />} />
    <Route path="clinician/tools" element={<ToolCataloguePage />} />
    <Route
      path="clinician/statistics"
      element={
        <Suspense fallback={<PageLoader />}>
          <StatisticsPage />
        </Suspense>
      }
    />
    <Route path="clinician/units/:unitId/campaigns" element={<CampaignsPage />} />
    <Route path="clinician/units/:unitId/campaigns/new" element={<NewCampaignPage />} />
    <Route path="clinician/campaigns/:campaignId" element={<CampaignPage />} />
    <Route path="clinician/units/:unitId/not-read" element={<PaperPage />} />
    <Route path="skjema" element={<CitizenFormsPage />} />
    <Route path="skjema/:requestId" element={<CitizenFormPage />} />
    <Route path="clinician/units/:unitId/forms" element={<FormLibraryPage />} />
    <Route path="clinician/units/:unitId/form-requests" element={<UnitFormRequestsPage />} />
    <Route path="clinician/form-requests/:requestId" element={<StaffFormRequestPage />} />
    <Route path="*" element={<NotFoundPage />} />
  </Route>
);

/** The app: the route table. */
export function App() {
  return <Routes>{routes}</Routes>;
}

/**
 * Starts loading the chunk (and the texts it waits for) of the page at `pathname`, so main.tsx can
 * fetch it side by side with "who is signed in" instead of after the first render. Resolves when
 * it is here; a page without a loader (or no match) resolves at once.
 */
export function preloadPage(pathname: string): Promise<unknown> {
  const matches = matchRoutes(createRoutesFromElements(routes), pathname) ?? [];
  const loads: Array<Promise<unknown>> = [];
  for (const m of matches) {
    const type: unknown = (m.route.element as ReactElement | null | undefined)?.type;
    if (typeof type === 'function' && 'load' in type && typeof type.load === 'function') loads.push((type as { load(): Promise<unknown> }).load());
  }
  return Promise.all(loads);
}
