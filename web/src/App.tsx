import { Route, Routes } from 'react-router';
import { CitizenHomePage } from './citizen/CitizenHomePage.tsx';
import { ClinicianHomePage } from './clinician/ClinicianHomePage.tsx';
import { AppLayout } from './components/AppLayout.tsx';
import { LandingPage } from './pages/LandingPage.tsx';
import { NotFoundPage } from './pages/NotFoundPage.tsx';

/** The route table. */
export function App() {
  return (
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<LandingPage />} />
        <Route path="citizen" element={<CitizenHomePage />} />
        <Route path="clinician" element={<ClinicianHomePage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
