/** What other parts of the web app mount from representation. */
export { HideFromParentsToggle, type HideFromParentsToggleProps } from './HideFromParentsToggle.tsx';
export { ParentAccessPanel, type ParentAccessPanelProps } from './ParentAccessPanel.tsx';
export { RepresentationAreaPanel, RepresentationGate, areaForPath } from './NoAccess.tsx';
export { RepresentationBar, useSwitchPerson } from './RepresentationBar.tsx';
export { PatientPageLink, RepresentationShortcuts, UnitPatientsLink } from './links.tsx';
