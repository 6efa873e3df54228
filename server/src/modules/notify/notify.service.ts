/** Notification settings of the signed-in person, and the development mailbox. */
import type { DevMailbox, NotificationSettings, UpdateNotificationSettings } from '@helsedialog/core';
import type { Db } from '../../platform/db.ts';
import { AppError } from '../../platform/errors.ts';
import { contactDetails, listDevMail, saveSettings, settingsOf } from './notify.repository.ts';

/** A phone number with only the last three digits shown. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `••• •• ${digits.slice(-3)}`;
}

/** An e-mail address with only the first letter and the domain shown. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
}

/** The person's own settings, with their registered addresses masked. */
export async function getSettings(db: Db, personId: string): Promise<NotificationSettings> {
  const [s, c] = await Promise.all([settingsOf(db, personId), contactDetails(db, personId)]);
  return { ...s, phone: c?.phone ? maskPhone(c.phone) : null, email: c?.email ? maskEmail(c.email) : null };
}

/** Saves the person's settings; a channel needs a registered address. */
export async function updateSettings(db: Db, personId: string, input: UpdateNotificationSettings): Promise<NotificationSettings> {
  const c = await contactDetails(db, personId);
  if ((input.channel === 'sms' || input.channel === 'both') && !c?.phone) {
    throw new AppError(
      'CONTACT_DETAILS_MISSING',
      'You have no mobile number registered, so notices cannot go by SMS. Register one in the contact register (KRR), or choose e-mail.',
    );
  }
  if ((input.channel === 'email' || input.channel === 'both') && !c?.email) {
    throw new AppError(
      'CONTACT_DETAILS_MISSING',
      'You have no e-mail address registered, so notices cannot go by e-mail. Register one in the contact register (KRR), or choose SMS.',
    );
  }
  await saveSettings(db, personId, { channel: input.channel, reminders: input.reminders, visits: input.visits });
  return getSettings(db, personId);
}

/** The development mailbox, newest first. */
export async function devMailboxList(db: Db, opts: { to?: string | undefined; limit: number }): Promise<DevMailbox> {
  const rows = await listDevMail(db, opts);
  return {
    items: rows.map((r) => ({
      id: Number(r.id),
      channel: r.channel,
      to: r.to_address,
      subject: r.subject,
      body: r.body,
      reference: r.reference,
      createdAt: r.created_at.toISOString(),
    })),
  };
}
