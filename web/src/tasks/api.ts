/** The tasks and tools API for the citizen's and the clinician's pages (one HTTP client: api/client.ts). */
import type { NewTool, SendTool, TaskList, Tool, ToolAssignment, ToolAssignmentList } from '@helsedialog/core';
import { useQuery } from '@tanstack/react-query';
import { apiGet, apiPost, apiPut } from '../api/client.ts';

/** Query keys; everything under ['tasks']. */
export const taskKeys = {
  all: ['tasks'] as const,
  list: ['tasks', 'list'] as const,
  tool: (id: string) => ['tasks', 'tool', id] as const,
  catalogue: (retired: boolean) => ['tasks', 'catalogue', retired] as const,
  sent: (unitId: string, contactId: string) => ['tasks', 'sent', unitId, contactId] as const,
};

export function useTasks(enabled = true) {
  return useQuery({ queryKey: taskKeys.list, queryFn: () => apiGet<TaskList>('/api/citizen/tasks'), enabled });
}

/** Opening a tool marks it opened for the unit. */
export function useToolAssignment(id: string) {
  return useQuery({ queryKey: taskKeys.tool(id), queryFn: () => apiGet<ToolAssignment>(`/api/citizen/tool-assignments/${encodeURIComponent(id)}`) });
}

export function setToolDone(id: string, done: boolean): Promise<ToolAssignment> {
  return apiPut<ToolAssignment>(`/api/citizen/tool-assignments/${encodeURIComponent(id)}/done`, { done });
}

export function useCatalogue(retired = false) {
  return useQuery({
    queryKey: taskKeys.catalogue(retired),
    queryFn: () => apiGet<{ items: Tool[]; canEdit: boolean }>(`/api/staff/tools${retired ? '?retired=true' : ''}`),
  });
}

export const createTool = (t: NewTool) => apiPost<Tool>('/api/staff/tools', t);
export const updateTool = (id: string, t: NewTool) => apiPut<Tool>(`/api/staff/tools/${encodeURIComponent(id)}`, t);
export const retireTool = (id: string) => apiPost<Tool>(`/api/staff/tools/${encodeURIComponent(id)}/retire`);

export function sendTool(unitId: string, body: SendTool): Promise<ToolAssignment> {
  return apiPost<ToolAssignment>(`/api/staff/units/${encodeURIComponent(unitId)}/tool-assignments`, body);
}

export function useSentTools(unitId: string, contactId: string) {
  return useQuery({
    queryKey: taskKeys.sent(unitId, contactId),
    queryFn: () => apiGet<ToolAssignmentList>(`/api/staff/units/${encodeURIComponent(unitId)}/tool-assignments?contactId=${encodeURIComponent(contactId)}`),
  });
}
