/** The state behind WhenFields (date, Oslo clock time, minutes, type), in one hook for the staff forms that set a time. */
import type { AppointmentType } from '@helsedialog/core';
import { useState } from 'react';
import type { WhenState } from '../parts.tsx';

/** Fields as WhenFields shows them: `minutes` stays the text typed, so a half-typed number is not lost. */
export function useWhenState(initial: { date: string; time: string; minutes: string; type: AppointmentType }): WhenState {
  const [date, setDate] = useState(initial.date);
  const [time, setTime] = useState(initial.time);
  const [minutes, setMinutes] = useState(initial.minutes);
  const [type, setType] = useState<AppointmentType>(initial.type);
  return { date, setDate, time, setTime, minutes, setMinutes, type, setType };
}
