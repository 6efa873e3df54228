/**
 * The service catalogue: which services a unit offers, to whom, with which texts — and, in a
 * GP office, each doctor's own switches for their list. A citizen sees only what is on.
 */
import { DEFAULT_DECLINE_REASONS, SERVICES, type IntroTexts, type Service, type ServiceSettings } from '@helsedialog/core';
import type { Db } from '../../platform/db.ts';
import type { DbOrTx } from '../../platform/jobs.ts';
import { AppError, notFound } from '../../platform/errors.ts';
import { contactStatus } from '../contacts/contacts.service.ts';
import { syncTopicLabels, unitTopics } from './topics.service.ts';
import type { OfferedTopic } from '@helsedialog/core';
import {
  contactOfCitizenWithUnit,
  staffServiceSwitches,
  staffServiceSwitchesOfUnit,
  unitServiceRows,
  upsertStaffServiceSwitch,
  upsertUnitServiceTerms,
} from './settings.repository.ts';

export interface UnitService {
  service: Service;
  enabled: boolean;
  initiator: 'citizen' | 'unit' | 'both';
  answerDays: number | null;
  introText: string | null;
  /** The intro text in nn, se, en (unit_services.texts); bokmål is introText. */
  introTexts: IntroTexts;
  /** The active topics' bokmål names, in order. */
  topics: string[];
  /** The active topics with their texts (guidance, other languages). */
  topicItems: (OfferedTopic & { rolePool: string | null })[];
  declineReasons: string[];
}

function toService(r: {
  service: string;
  enabled: boolean;
  initiator: 'citizen' | 'unit' | 'both';
  answer_days: number | null;
  intro_text: string | null;
  settings: Record<string, unknown>;
  texts: Record<string, { intro?: string | null }>;
}, topics: UnitService['topicItems']): UnitService {
  const reasons = Array.isArray(r.settings.declineReasons) ? (r.settings.declineReasons as string[]) : DEFAULT_DECLINE_REASONS;
  return {
    service: r.service as Service,
    enabled: r.enabled,
    initiator: r.initiator,
    answerDays: r.answer_days,
    introText: r.intro_text,
    introTexts: { nn: r.texts?.nn?.intro ?? null, se: r.texts?.se?.intro ?? null, en: r.texts?.en?.intro ?? null },
    topics: topics.map((t) => t.texts.nb.label),
    topicItems: topics,
    declineReasons: reasons,
  };
}

/** All catalogue rows of a unit (on and off). */
export async function unitServices(db: DbOrTx, unitId: string): Promise<UnitService[]> {
  const [rows, topics] = await Promise.all([unitServiceRows(db, unitId), unitTopics(db, unitId, { activeOnly: true })]);
  return rows.map((r) =>
    toService(
      r,
      topics.filter((t) => t.service === r.service).map((t) => ({ id: t.id, texts: t.texts, rolePool: t.rolePool })),
    ),
  );
}

/** A doctor's own switches in a unit. */
export async function staffSwitches(db: DbOrTx, staffId: string, unitId: string): Promise<Map<string, boolean>> {
  const rows = await staffServiceSwitches(db, staffId, unitId);
  return new Map(rows.map((r) => [r.service, r.enabled]));
}

/** A health contact of a citizen with what is needed to decide on services. */
export async function contactOfCitizen(db: DbOrTx, citizenId: string, contactId: string) {
  const c = await contactOfCitizenWithUnit(db, citizenId, contactId);
  if (!c) throw notFound('The health contact');
  const status = contactStatus({ startedAt: c.started_at, endsAt: c.ends_at, endedAt: c.ended_at });
  return { ...c, status };
}

/**
 * The services on offer through one contact: on in the unit and, for a GP's list, not
 * switched off by that doctor.
 */
export async function servicesOnOffer(db: DbOrTx, unitId: string, gpStaffId: string | null): Promise<UnitService[]> {
  const all = (await unitServices(db, unitId)).filter((s) => s.enabled);
  if (!gpStaffId) return all;
  const own = await staffSwitches(db, gpStaffId, unitId);
  return all.filter((s) => own.get(s.service) !== false);
}

/** The one service a citizen wants to start through a contact, or a clear refusal. */
export async function requireCitizenService(
  db: DbOrTx,
  contact: { unit_id: string; gp_staff_id: string | null; status: string; unit_name: string },
  service: Service,
): Promise<UnitService> {
  if (contact.status !== 'active')
    throw new AppError('CONTACT_INACTIVE', `Your health contact with ${contact.unit_name} has ended, so you cannot write to them here.`);
  const s = (await servicesOnOffer(db, contact.unit_id, contact.gp_staff_id)).find((x) => x.service === service);
  if (!s || s.initiator === 'unit') throw new AppError('SERVICE_OFF', `${contact.unit_name} does not offer this service to you right now.`);
  return s;
}

/** Sets one service of a unit (administrators): its terms and its list of topic names, in one transaction. */
export async function setUnitService(db: Db, unitId: string, service: Service, v: ServiceSettings, staffId: string): Promise<UnitService> {
  return db.transaction().execute(async (tx) => {
    await writeUnitService(tx, unitId, service, v, staffId);
    await syncTopicLabels(tx, unitId, service, v.topics, staffId);
    return (await unitServices(tx, unitId)).find((s) => s.service === service)!;
  });
}

async function writeUnitService(db: DbOrTx, unitId: string, service: Service, v: ServiceSettings, staffId: string): Promise<void> {
  const settings = JSON.stringify(v.declineReasons ? { declineReasons: v.declineReasons } : {});
  const t = v.introTexts;
  const texts = t ? JSON.stringify({ nn: { intro: t.nn || null }, se: { intro: t.se || null }, en: { intro: t.en || null } }) : undefined;
  await upsertUnitServiceTerms(
    db,
    unitId,
    service,
    { enabled: v.enabled, initiator: v.initiator, answer_days: v.answerDays, intro_text: v.introText, settings, ...(texts ? { texts } : {}) },
    staffId,
  );
}

/** A doctor switches a service for their own list. */
export async function setMyService(db: Db, staffId: string, unitId: string, service: Service, enabled: boolean): Promise<void> {
  await upsertStaffServiceSwitch(db, staffId, unitId, service, enabled);
}

/** A unit's services as its staff see them: a GP doctor also their own switches, an administrator each GP's switches. */
export async function catalogueView(db: DbOrTx, unitId: string, staffId: string, isGpDoctor: boolean, isAdmin = false) {
  const rows = new Map((await unitServices(db, unitId)).map((s) => [s.service, s]));
  const mine = isGpDoctor ? await staffSwitches(db, staffId, unitId) : new Map<string, boolean>();
  // An administrator sees each GP's own switches beside the unit's setting.
  const overrides = isAdmin ? await staffServiceSwitchesOfUnit(db, unitId) : [];
  return {
    items: SERVICES.map((service) => {
      const s = rows.get(service);
      return {
        service,
        enabled: s?.enabled ?? false,
        initiator: s?.initiator ?? 'citizen',
        answerDays: s?.answerDays ?? null,
        introText: s?.introText ?? null,
        introTexts: s?.introTexts ?? {},
        topics: s?.topics ?? [],
        declineReasons: s?.declineReasons ?? [],
        mine: isGpDoctor ? (mine.get(service) ?? null) : null,
        ...(isAdmin
          ? {
              overrides: overrides
                .filter((o) => o.service === service)
                .map((o) => ({ staffId: o.staff_id, name: `${o.given_name} ${o.family_name}`, enabled: o.enabled })),
            }
          : {}),
      };
    }),
  };
}
