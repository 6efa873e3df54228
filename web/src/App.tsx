import { Route, Routes } from 'react-router';
import { AppointmentDetailPage } from './appointments/AppointmentDetailPage.tsx';
import { BookPage } from './appointments/BookPage.tsx';
import { CitizenAppointmentsPage } from './appointments/CitizenAppointmentsPage.tsx';
import { NewAppointmentPage } from './appointments/NewAppointmentPage.tsx';
import { RequestPage } from './appointments/RequestPage.tsx';
import { TimebookPage } from './appointments/TimebookPage.tsx';
import { UnitAppointmentsPage } from './appointments/UnitAppointmentsPage.tsx';
import { CitizenHomePage } from './citizen/CitizenHomePage.tsx';
import { ClinicianHomePage } from './clinician/ClinicianHomePage.tsx';
import { ServicesPage } from './admin/ServicesPage.tsx';
import { EpjEndpointPage } from './journal/EpjEndpointPage.tsx';
import { AppLayout } from './components/AppLayout.tsx';
import { ContactServicesPage } from './dialog/ContactServicesPage.tsx';
import { CombinedInboxPage, InboxPage } from './dialog/InboxPage.tsx';
import { MessagesPage } from './dialog/MessagesPage.tsx';
import { NewStaffThreadPage } from './dialog/NewStaffThreadPage.tsx';
import { StaffThreadPage, StaffThreadPane } from './dialog/StaffThreadPage.tsx';
import { TemplatesPage } from './workspace/TemplatesPage.tsx';
import { ThreadPage } from './dialog/ThreadPage.tsx';
import { WritePage } from './dialog/WritePage.tsx';
import { LandingPage } from './pages/LandingPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';
import { AccessLogPage } from './accesslog/AccessLogPage.tsx';
import { PatientPage } from './representation/PatientPage.tsx';
import { PatientSearchPage } from './representation/PatientSearchPage.tsx';
import { PowersOfAttorneyPage } from './representation/PowersOfAttorneyPage.tsx';
import { CitizenLetterPage } from './letters/CitizenLetterPage.tsx';
import { CitizenLettersPage } from './letters/CitizenLettersPage.tsx';
import { NewLetterPage } from './letters/NewLetterPage.tsx';
import { UnitLettersPage } from './letters/UnitLettersPage.tsx';
import { DevMailboxPage } from './notify/DevMailboxPage.tsx';
import { NotificationSettingsPage } from './notify/NotificationSettingsPage.tsx';

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
        <Route path="clinician/inbox" element={<CombinedInboxPage />}>
          <Route path="threads/:threadId" element={<StaffThreadPane />} />
        </Route>
        <Route path="clinician/units/:unitId" element={<InboxPage />}>
          <Route path="threads/:threadId" element={<StaffThreadPane />} />
        </Route>
        <Route path="clinician/units/:unitId/templates" element={<TemplatesPage />} />
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
