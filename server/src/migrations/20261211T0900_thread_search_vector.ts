/**
 * The inbox search becomes one index lookup bounded by the unit (issue 18, decision 104).
 *
 * Before, a word search ORed three searches: the topic's full-text index, every message of the
 * country whose text has the word (then kept if of this unit), and every person of the country
 * whose name has it. A word as common as a family name made PostgreSQL collect hundreds of
 * thousands of ids per request at national scale (p99 ~0.5 s).
 *
 * Now each thread carries its search words: `threads.search_tsv`, the Norwegian full-text
 * lexemes (stripped of positions: the search ranks nothing) of its topic, its patient's name
 * and every message's text. One GIN index on (unit_id, search_tsv) (btree_gin) answers "this
 * unit's threads with these words", and the inbox's own order indexes can walk a unit's threads
 * checking the stored vector, whichever PostgreSQL estimates cheaper for the word.
 *
 * Who keeps it true: the thread's insert (a trigger: topic and patient's name), the message's
 * insert (threads.repository.ts adds the text in the same statement that advances the thread),
 * a change of topic (a trigger recomputes the vector), and a change of a person's name (a trigger
 * recomputes that person's threads). `thread_search_vector(id)` computes a thread's vector from
 * scratch; the backfill here and the bench loader use it.
 */
import { sql, type Kysely } from 'kysely';

const statements = [
  `CREATE EXTENSION IF NOT EXISTS btree_gin`,
  // The lexemes of a text as the search stores and asks for them: Norwegian, without positions.
  `CREATE OR REPLACE FUNCTION search_lexemes(t text) RETURNS tsvector
     LANGUAGE sql IMMUTABLE PARALLEL SAFE
     AS $$ SELECT strip(to_tsvector('norwegian'::regconfig, coalesce(t, ''))) $$`,
  // A thread's vector from scratch: its topic, its patient's name and every message's text.
  `CREATE OR REPLACE FUNCTION thread_search_vector(thread uuid) RETURNS tsvector
     LANGUAGE sql STABLE
     AS $$
       SELECT search_lexemes(t.topic)
              || search_lexemes((SELECT p.given_name || ' ' || p.family_name FROM persons p WHERE p.id = t.citizen_id))
              || coalesce((SELECT search_lexemes(string_agg(m.text, ' ')) FROM messages m WHERE m.thread_id = t.id), ''::tsvector)
       FROM threads t WHERE t.id = thread
     $$`,
  `ALTER TABLE threads ADD COLUMN IF NOT EXISTS search_tsv tsvector NOT NULL DEFAULT ''::tsvector`,
  // A new thread: its topic and its patient's name (its messages add their text as they come).
  `CREATE OR REPLACE FUNCTION threads_search_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     NEW.search_tsv := NEW.search_tsv || search_lexemes(NEW.topic)
       || search_lexemes((SELECT p.given_name || ' ' || p.family_name FROM persons p WHERE p.id = NEW.citizen_id));
     RETURN NEW;
   END $$`,
  `CREATE TRIGGER threads_search_insert BEFORE INSERT ON threads FOR EACH ROW EXECUTE FUNCTION threads_search_on_insert()`,
  // A new topic: the old topic's words must stop finding the thread, so the vector is recomputed.
  `CREATE OR REPLACE FUNCTION threads_search_on_topic() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     NEW.search_tsv := search_lexemes(NEW.topic)
       || search_lexemes((SELECT p.given_name || ' ' || p.family_name FROM persons p WHERE p.id = NEW.citizen_id))
       || coalesce((SELECT search_lexemes(string_agg(m.text, ' ')) FROM messages m WHERE m.thread_id = NEW.id), ''::tsvector);
     RETURN NEW;
   END $$`,
  `CREATE TRIGGER threads_search_topic BEFORE UPDATE OF topic ON threads FOR EACH ROW
     WHEN (OLD.topic IS DISTINCT FROM NEW.topic) EXECUTE FUNCTION threads_search_on_topic()`,
  // A person's new name: their threads are found by it, and no longer by the old one.
  `CREATE OR REPLACE FUNCTION persons_search_on_name() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN
     UPDATE threads SET search_tsv = thread_search_vector(id) WHERE citizen_id = NEW.id;
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER persons_search_name AFTER UPDATE OF given_name, family_name ON persons FOR EACH ROW
     WHEN (OLD.given_name IS DISTINCT FROM NEW.given_name OR OLD.family_name IS DISTINCT FROM NEW.family_name)
     EXECUTE FUNCTION persons_search_on_name()`,
  // The threads that exist: computed once.
  `UPDATE threads SET search_tsv = thread_search_vector(id)`,
  `CREATE INDEX IF NOT EXISTS threads_unit_search_idx ON threads USING gin (unit_id, search_tsv)`,
  // The three national indexes the old search ORed are no longer read by anything.
  `DROP INDEX IF EXISTS messages_text_fts_idx`,
  `DROP INDEX IF EXISTS threads_topic_fts_idx`,
  `DROP INDEX IF EXISTS persons_name_fts_idx`,
];

/** Adds the threads' search vector, what keeps it true, and its index. */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const s of statements) await sql.raw(s).execute(db);
}

/** Forward-only once landed. */
export async function down(): Promise<void> {}
