/** Appointment routes (timeavtaler): the citizen side and the unit side. */
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app.ts';
import { calendarRoutes } from './calendar.routes.ts';
import { citizenAppointmentRoutes } from './citizen-appointments.routes.ts';
import { staffAppointmentRoutes } from './staff-appointments.routes.ts';

/** Registers every appointment route. */
export async function appointmentRoutes(app: FastifyInstance, ctx: AppContext): Promise<void> {
  await citizenAppointmentRoutes(app, ctx);
  await staffAppointmentRoutes(app, ctx);
  await calendarRoutes(app, ctx);
}
