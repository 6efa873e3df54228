/** The forms API for the citizen and clinician pages. Writes go through client.ts (CSRF). */
import type {
  Appointment,
  CitizenFormList,
  FormDetail,
  FormList,
  FormRequestDetail,
  ImportForm,
  SendForm,
  ServiceForm,
  ServiceMessage,
  StaffFormRequestList,
  ThreadDetail,
  ThreadForm,
} from '@helsedialog/core';
import type { QuestionnaireResponse } from '@medplum/fhirtypes';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { apiGet, apiPost, apiPut, withFiles } from '../api/client.ts';

/** Query keys; everything under ['forms']. */
export const formKeys = {
  all: ['forms'] as const,
  citizen: ['forms', 'citizen'] as const,
  citizenOne: (id: string) => ['forms', 'citizen', 'one', id] as const,
  library: (unitId: string, retired: boolean) => ['forms', 'library', unitId, retired] as const,
  form: (formId: string) => ['forms', 'form', formId] as const,
  requests: (unitId: string) => ['forms', 'requests', unitId] as const,
  request: (id: string) => ['forms', 'request', id] as const,
  serviceForms: (unitId: string) => ['forms', 'service-forms', unitId] as const,
  thread: (who: 'citizen' | 'staff', threadId: string) => ['forms', 'thread', who, threadId] as const,
  appointments: (unitId: string, contactId: string) => ['forms', 'appointments', unitId, contactId] as const,
};

/** A QuestionnaireResponse as the renderer hands it over (only `item` is sent to the server). */
export type QuestionnaireResponseLike = Pick<QuestionnaireResponse, 'item'>;

export const useCitizenForms = () => useQuery({ queryKey: formKeys.citizen, queryFn: () => apiGet<CitizenFormList>('/api/citizen/forms') });
/** Opening marks it opened, so it is fetched fresh. */
export const useCitizenForm = (id: string) =>
  useQuery({ queryKey: formKeys.citizenOne(id), queryFn: () => apiGet<FormRequestDetail>(`/api/citizen/form-requests/${id}`), staleTime: 0 });
export const saveDraft = (id: string, item: unknown[]) => apiPut<FormRequestDetail>(`/api/citizen/form-requests/${id}/draft`, { item });
export const submitForm = (id: string, item: unknown[]) => apiPost<FormRequestDetail>(`/api/citizen/form-requests/${id}/submit`, { item });

export const useLibrary = (unitId: string, retired = false) =>
  useQuery({ queryKey: formKeys.library(unitId, retired), queryFn: () => apiGet<FormList>(`/api/staff/units/${unitId}/forms?retired=${retired}`) });
export const useForm = (formId: string | undefined) =>
  useQuery({ queryKey: formKeys.form(formId ?? ''), queryFn: () => apiGet<FormDetail>(`/api/staff/forms/${formId}`), enabled: !!formId });
export const importForm = (unitId: string, body: ImportForm) => apiPost<FormDetail>(`/api/staff/units/${unitId}/forms`, body);
export const retireForm = (formId: string) => apiPost<FormDetail>(`/api/staff/forms/${formId}/retire`, {});
export const useServiceForms = (unitId: string) =>
  useQuery({
    queryKey: formKeys.serviceForms(unitId),
    queryFn: () => apiGet<{ items: { service: string; formId: string }[] }>(`/api/staff/units/${unitId}/service-forms`),
  });
export const setServiceForm = (unitId: string, service: string, formId: string | null) =>
  apiPut<{ service: string; formId: string | null }>(`/api/staff/units/${unitId}/service-forms/${service}`, { formId });

export const sendForm = (unitId: string, body: SendForm) => apiPost<FormRequestDetail>(`/api/staff/units/${unitId}/form-requests`, body);
export const useUnitRequests = (unitId: string) =>
  useInfiniteQuery({
    queryKey: formKeys.requests(unitId),
    initialPageParam: '',
    queryFn: ({ pageParam }) => apiGet<StaffFormRequestList>(`/api/staff/units/${unitId}/form-requests?limit=25${pageParam ? `&cursor=${pageParam}` : ''}`),
    getNextPageParam: (last) => last.next ?? undefined,
  });
/** A patient's appointments with the unit, to tie a form to one (access-logged by the server; fetched once a patient is chosen). */
export const usePatientAppointments = (unitId: string, contactId: string | undefined) =>
  useQuery({
    queryKey: formKeys.appointments(unitId, contactId ?? ''),
    queryFn: async () => (await apiGet<{ items: Appointment[] }>(`/api/staff/units/${unitId}/contacts/${contactId}/appointments`)).items,
    enabled: !!contactId,
  });
export const useStaffRequest = (id: string) =>
  useQuery({ queryKey: formKeys.request(id), queryFn: () => apiGet<FormRequestDetail>(`/api/staff/form-requests/${id}`), staleTime: 0 });
export const remind = (id: string) => apiPost<FormRequestDetail>(`/api/staff/form-requests/${id}/remind`, {});

export const useThreadForm = (who: 'citizen' | 'staff', threadId: string) =>
  useQuery({ queryKey: formKeys.thread(who, threadId), queryFn: () => apiGet<ThreadForm>(`/api/${who}/threads/${threadId}/form`) });
export const useServiceForm = (contactId: string, service: string, enabled: boolean) =>
  useQuery({
    queryKey: ['forms', 'service-form', contactId, service],
    queryFn: () => apiGet<ServiceForm>(`/api/citizen/contacts/${contactId}/service-forms/${service}`),
    enabled,
  });
/**
 * Sends the message with the service's form answered (attachments as for any message; idempotent
 * with the key). The files of attachment questions go in the same request: each answer names its
 * file `cid:<name>` and the file is the part with that field name (checked on the server like any
 * attachment, stored only if the message goes).
 */
export const sendWithServiceForm = (
  contactId: string,
  service: string,
  body: ServiceMessage,
  files: File[],
  idempotencyKey: string,
  answerFiles: Map<string, File> = new Map(),
) => {
  const named = answerFileNames(body.item).filter((name) => answerFiles.has(name));
  let payload = withFiles(body, files);
  if (named.length) {
    const form = new FormData();
    form.append('payload', JSON.stringify(body));
    for (const f of files) form.append('files', f, f.name);
    for (const name of named) form.append(name, answerFiles.get(name)!, answerFiles.get(name)!.name);
    payload = form;
  }
  return apiPost<ThreadDetail>(`/api/citizen/contacts/${contactId}/service-forms/${service}`, payload, { idempotencyKey });
};

/** The `cid:` names the answers give their files (attachment questions of a service's form). */
export function answerFileNames(items: unknown[] | undefined): string[] {
  const out = new Set<string>();
  const walk = (list: unknown[] | undefined) => {
    for (const it of (list ?? []) as { answer?: { valueAttachment?: { url?: string }; item?: unknown[] }[]; item?: unknown[] }[]) {
      for (const a of it.answer ?? []) {
        if (a.valueAttachment?.url?.startsWith('cid:')) out.add(a.valueAttachment.url);
        walk(a.item);
      }
      walk(it.item);
    }
  };
  walk(items);
  return [...out];
}
/** Uploads the file for an attachment question (multipart `files`): the FHIR Attachment to answer with. */
export const uploadFormAttachment = (requestId: string, file: File) =>
  apiPost<{ url: string; contentType: string; title: string; size: number }>(`/api/citizen/form-requests/${requestId}/attachments`, withFiles({}, [file]));
/** Where a file of the structured answers a thread began with downloads. */
export const threadFormFileLink = (who: 'citizen' | 'staff', threadId: string, fileId: string) => `/api/${who}/threads/${threadId}/form/attachments/${fileId}`;
/** Where a stored file of the answers opens (the answer names it `urn:uuid:<id>`). */
export const formAttachmentLink = (who: 'citizen' | 'staff', requestId: string, url: string) =>
  `/api/${who}/form-requests/${requestId}/attachments/${url.replace(/^urn:uuid:/, '')}`;
