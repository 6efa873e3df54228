import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { Route, Routes } from 'react-router';
import { AppLayout } from './components/AppLayout.tsx';

/**
 * Every page is its own chunk, loaded when its route is first visited (route-based code
 * splitting; AppLayout holds the Suspense boundary, so the header stays while a page loads): the citizen start page loads only the shell and itself. `named` adapts a module's
 * named export to React.lazy. A new page: add a `const X = named(() => import('./x/X.tsx'), 'X');`
 * line and its <Route>; never a static import of a page here (scripts/bundle-size.ts would show it).
 */
function named<K extends string, M extends Record<K, ComponentType>>(load: () => Promise<M>, key: K): LazyExoticComponent<M[K]> {
  return lazy(() => load().then((m) => ({ default: m[key] })));
}

const AppointmentDetailPage = named(() => import('./appointments/AppointmentDetailPage.tsx'), 'AppointmentDetailPage');
const BookPage = named(() => import('./appointments/BookPage.tsx'), 'BookPage');
const CitizenAppointmentsPage = named(() => import('./appointments/CitizenAppointmentsPage.tsx'), 'CitizenAppointmentsPage');
const NewAppointmentPage = named(() => import('./appointments/NewAppointmentPage.tsx'), 'NewAppointmentPage');
const RequestPage = named(() => import('./appointments/RequestPage.tsx'), 'RequestPage');
const TimebookPage = named(() => import('./appointments/TimebookPage.tsx'), 'TimebookPage');
const UnitAppointmentsPage = named(() => import('./appointments/UnitAppointmentsPage.tsx'), 'UnitAppointmentsPage');
const CitizenHomePage = named(() => import('./citizen/CitizenHomePage.tsx'), 'CitizenHomePage');
const ClinicianHomePage = named(() => import('./clinician/ClinicianHomePage.tsx'), 'ClinicianHomePage');
const ServicesPage = named(() => import('./admin/ServicesPage.tsx'), 'ServicesPage');
const EpjEndpointPage = named(() => import('./journal/EpjEndpointPage.tsx'), 'EpjEndpointPage');
const ContactServicesPage = named(() => import('./dialog/ContactServicesPage.tsx'), 'ContactServicesPage');
const InboxPage = named(() => import('./dialog/InboxPage.tsx'), 'InboxPage');
const MessagesPage = named(() => import('./dialog/MessagesPage.tsx'), 'MessagesPage');
const NewStaffThreadPage = named(() => import('./dialog/NewStaffThreadPage.tsx'), 'NewStaffThreadPage');
const StaffThreadPage = named(() => import('./dialog/StaffThreadPage.tsx'), 'StaffThreadPage');
const ThreadPage = named(() => import('./dialog/ThreadPage.tsx'), 'ThreadPage');
const WritePage = named(() => import('./dialog/WritePage.tsx'), 'WritePage');
const LandingPage = named(() => import('./pages/LandingPage.tsx'), 'LandingPage');
const NotFoundPage = named(() => import('./pages/NotFoundPage.tsx'), 'NotFoundPage');
const AccessLogPage = named(() => import('./accesslog/AccessLogPage.tsx'), 'AccessLogPage');
const PatientPage = named(() => import('./representation/PatientPage.tsx'), 'PatientPage');
const PatientSearchPage = named(() => import('./representation/PatientSearchPage.tsx'), 'PatientSearchPage');
const PowersOfAttorneyPage = named(() => import('./representation/PowersOfAttorneyPage.tsx'), 'PowersOfAttorneyPage');
const CitizenLetterPage = named(() => import('./letters/CitizenLetterPage.tsx'), 'CitizenLetterPage');
const CitizenLettersPage = named(() => import('./letters/CitizenLettersPage.tsx'), 'CitizenLettersPage');
const NewLetterPage = named(() => import('./letters/NewLetterPage.tsx'), 'NewLetterPage');
const UnitLettersPage = named(() => import('./letters/UnitLettersPage.tsx'), 'UnitLettersPage');
const DevMailboxPage = named(() => import('./notify/DevMailboxPage.tsx'), 'DevMailboxPage');
const NotificationSettingsPage = named(() => import('./notify/NotificationSettingsPage.tsx'), 'NotificationSettingsPage');

/** The route table. */
export function App() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<LandingPage />} />
        <Route path="citizen" element={<CitizenHomePage />} />
        <Route path="clinician" element={<ClinicianHomePage />} />
        <Route path="citizen/contacts/:contactId" element={<ContactServicesPage />} />
        <Route path="citizen/contacts/:contactId/new/:kind" element={<WritePage />} />
        <Route path="citizen/messages" element={<MessagesPage />} />
        <Route path="citizen/messages/:threadId" element={<ThreadPage />} />
        <Route path="clinician/units/:unitId" element={<InboxPage />} />
        <Route path="clinician/units/:unitId/new" element={<NewStaffThreadPage />} />
        <Route path="clinician/units/:unitId/services" element={<ServicesPage />} />
        <Route path="clinician/units/:unitId/epj" element={<EpjEndpointPage />} />
        <Route path="clinician/threads/:threadId" element={<StaffThreadPage />} />
        <Route path="citizen/appointments" element={<CitizenAppointmentsPage />} />
        <Route path="citizen/appointments/book/:contactId" element={<BookPage />} />
        <Route path="citizen/appointments/request/:contactId" element={<RequestPage />} />
        <Route path="citizen/appointments/:appointmentId" element={<AppointmentDetailPage />} />
        <Route path="clinician/units/:unitId/appointments" element={<UnitAppointmentsPage />} />
        <Route path="clinician/units/:unitId/appointments/new" element={<NewAppointmentPage />} />
        <Route path="clinician/timebooks/:timebookId" element={<TimebookPage />} />
        <Route path="citizen/letters" element={<CitizenLettersPage />} />
        <Route path="citizen/letters/:letterId" element={<CitizenLetterPage />} />
        <Route path="citizen/notifications" element={<NotificationSettingsPage />} />
        <Route path="clinician/units/:unitId/letters" element={<UnitLettersPage />} />
        <Route path="clinician/units/:unitId/letters/new" element={<NewLetterPage />} />
        <Route path="dev/mailbox" element={<DevMailboxPage />} />
        <Route path="citizen/fullmakt" element={<PowersOfAttorneyPage />} />
        <Route path="citizen/innsyn" element={<AccessLogPage />} />
        <Route path="clinician/units/:unitId/patients" element={<PatientSearchPage />} />
        <Route path="clinician/units/:unitId/patients/:contactId" element={<PatientPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
