import { AnalysisHistoryPage, CitizenRecordPage, CitizenRecordsPage } from './records/CitizenRecordsPages.tsx';
import { UnitReleasePage } from './records/UnitReleasePage.tsx';
import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { TasksPage } from './tasks/TasksPage.tsx';
import { ToolTaskPage } from './tasks/ToolTaskPage.tsx';
import { ToolCataloguePage } from './tasks/ToolCataloguePage.tsx';
import { AppointmentDetailPage } from './appointments/AppointmentDetailPage.tsx';
import { BookPage } from './appointments/BookPage.tsx';
import { CalendarPage } from './appointments/CalendarPage.tsx';
import { WaitlistPage } from './appointments/WaitlistPage.tsx';
import { CitizenAppointmentsPage } from './appointments/CitizenAppointmentsPage.tsx';
import { NewAppointmentPage } from './appointments/NewAppointmentPage.tsx';
import { RequestPage } from './appointments/RequestPage.tsx';
import { TimebookPage } from './appointments/TimebookPage.tsx';
import { UnitAppointmentsPage } from './appointments/UnitAppointmentsPage.tsx';
import { CitizenHomePage } from './citizen/CitizenHomePage.tsx';
import { ClinicianHomePage } from './clinician/ClinicianHomePage.tsx';
import { ServicesPage } from './admin/ServicesPage.tsx';
import { RulesPage } from './rules/RulesPage.tsx';
import { EpjEndpointPage } from './journal/EpjEndpointPage.tsx';
import { AppLayout } from './components/AppLayout.tsx';
import { PageLoader } from './components/PageLoader.tsx';
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
import { CampaignsPage } from './campaigns/CampaignsPage.tsx';
import { NewCampaignPage } from './campaigns/NewCampaignPage.tsx';
import { CampaignPage } from './campaigns/CampaignPage.tsx';
import { PaperPage } from './campaigns/PaperPage.tsx';
import { DevMailboxPage } from './notify/DevMailboxPage.tsx';
import { CitizenFormPage } from './forms/CitizenFormPage.tsx';
import { CitizenFormsPage } from './forms/CitizenFormsPage.tsx';
import { FormLibraryPage } from './forms/FormLibraryPage.tsx';
import { StaffFormRequestPage } from './forms/StaffFormRequestPage.tsx';
import { UnitFormRequestsPage } from './forms/UnitFormRequestsPage.tsx';
import { NotificationSettingsPage } from './notify/NotificationSettingsPage.tsx';

/** The statistics page carries the charting library: loaded only when opened. */
const StatisticsPage = lazy(() => import('./statistics/StatisticsPage.tsx'));

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
    </Routes>
  );
}
