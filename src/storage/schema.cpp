// The schema, as steps from an empty file. Never edit a released step: add
// a new one (it runs in one transaction after a backup of the file).
#include "storage/database.hpp"

namespace fw::storage {

const std::vector<Migration>& migrations() {
    static const std::vector<Migration> steps = {
        {1, R"sql(
CREATE TABLE programs (
  id          INTEGER PRIMARY KEY,
  agency      TEXT NOT NULL COLLATE NOCASE CHECK (agency <> ''),
  team        TEXT NOT NULL COLLATE NOCASE CHECK (team <> ''),
  lme_mco     TEXT NOT NULL DEFAULT '',
  county      TEXT NOT NULL DEFAULT '',
  start_date  TEXT,
  created_at  TEXT NOT NULL,
  UNIQUE (agency, team)
);

-- Scale files as they were when a review was stored, by SHA-256 of their
-- bytes: a review stays readable when scales/ changes.
CREATE TABLE scales (
  fingerprint TEXT PRIMARY KEY,
  scale_id    TEXT NOT NULL,
  text        TEXT NOT NULL,
  stored_at   TEXT NOT NULL
);

CREATE TABLE reviews (
  id                    INTEGER PRIMARY KEY,
  program_id            INTEGER NOT NULL REFERENCES programs(id),
  scale_id              TEXT NOT NULL,
  scale_fingerprint     TEXT NOT NULL REFERENCES scales(fingerprint),
  policy_id             TEXT NOT NULL,
  policy_given          INTEGER NOT NULL,
  -- The program as this review records it: a final report keeps the names
  -- it was issued with; open reviews follow the program's edits.
  agency                TEXT NOT NULL,
  team                  TEXT NOT NULL,
  lme_mco               TEXT NOT NULL,
  county                TEXT NOT NULL,
  program_start_date    TEXT,
  program_extra         TEXT NOT NULL,
  type                  TEXT NOT NULL CHECK (type IN ('initial', 'subsequent', 'follow-up')),
  visit_start           TEXT NOT NULL,
  visit_end             TEXT,
  draft_report_date     TEXT,
  final_report_date     TEXT,
  reevaluation_criteria TEXT NOT NULL,
  review_extra          TEXT NOT NULL,
  extra                 TEXT NOT NULL,
  -- Computed by fw::summarize at each write, so lists need no scale.
  stage                 TEXT NOT NULL,
  complete              INTEGER NOT NULL,
  total                 INTEGER,
  draft_total           INTEGER,
  tier                  TEXT,
  next_review_earliest  TEXT,
  next_review_latest    TEXT,
  revision              INTEGER NOT NULL,
  created_at            TEXT NOT NULL,
  updated_at            TEXT NOT NULL
);
CREATE INDEX reviews_by_program ON reviews(program_id, visit_start);
CREATE INDEX reviews_by_due ON reviews(next_review_latest) WHERE next_review_latest IS NOT NULL;

CREATE TABLE review_reviewers (
  review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  name      TEXT NOT NULL,
  UNIQUE (review_id, position)
);

CREATE TABLE ratings (
  review_id      INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
  item           TEXT NOT NULL,
  position       INTEGER NOT NULL,
  score          INTEGER CHECK (score BETWEEN 1 AND 5),
  evidence       TEXT NOT NULL,
  recommendation TEXT NOT NULL,
  sources        TEXT NOT NULL,
  checklist      TEXT NOT NULL,
  calculator     TEXT NOT NULL,
  extra          TEXT NOT NULL,
  UNIQUE (review_id, item)
);

-- Each reviewer's independent score of an item ("by" in the review file).
CREATE TABLE reviewer_scores (
  review_id INTEGER NOT NULL,
  item      TEXT NOT NULL,
  reviewer  TEXT NOT NULL,
  position  INTEGER NOT NULL,
  score     INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
  UNIQUE (review_id, item, reviewer),
  FOREIGN KEY (review_id, item) REFERENCES ratings(review_id, item) ON DELETE CASCADE
);

-- Each reviewer's notes, sources, checklist and calculator figures.
CREATE TABLE reviewer_work (
  review_id  INTEGER NOT NULL,
  item       TEXT NOT NULL,
  reviewer   TEXT NOT NULL,
  position   INTEGER NOT NULL,
  notes      TEXT NOT NULL,
  sources    TEXT NOT NULL,
  checklist  TEXT NOT NULL,
  calculator TEXT NOT NULL,
  extra      TEXT NOT NULL,
  UNIQUE (review_id, item, reviewer),
  FOREIGN KEY (review_id, item) REFERENCES ratings(review_id, item) ON DELETE CASCADE
);

CREATE TABLE contests (
  review_id       INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
  item            TEXT NOT NULL,
  position        INTEGER NOT NULL,
  submitted       TEXT NOT NULL,
  documentation   TEXT NOT NULL,
  requested_score INTEGER CHECK (requested_score BETWEEN 1 AND 5),
  decision        TEXT NOT NULL CHECK (decision IN ('pending', 'upheld', 'denied')),
  decided_score   INTEGER CHECK (decided_score BETWEEN 1 AND 5),
  decided_on      TEXT,
  rationale       TEXT NOT NULL,
  extra           TEXT NOT NULL,
  UNIQUE (review_id, item)
);

CREATE TABLE attachments (
  review_id  INTEGER NOT NULL,
  item       TEXT NOT NULL,
  position   INTEGER NOT NULL,
  name       TEXT NOT NULL,
  media_type TEXT NOT NULL,
  data       BLOB NOT NULL,
  UNIQUE (review_id, item, position),
  FOREIGN KEY (review_id, item) REFERENCES contests(review_id, item) ON DELETE CASCADE
);

CREATE TABLE amendments (
  review_id  INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
  position   INTEGER NOT NULL,
  on_date    TEXT NOT NULL,
  item       TEXT NOT NULL,
  from_score INTEGER,
  to_score   INTEGER,
  reason     TEXT NOT NULL,
  by_name    TEXT NOT NULL,
  extra      TEXT NOT NULL,
  UNIQUE (review_id, position)
);

CREATE TABLE action_plan (
  review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  item      TEXT NOT NULL,
  goal      TEXT NOT NULL,
  steps     TEXT NOT NULL,
  who       TEXT NOT NULL,
  by_date   TEXT,
  measure   TEXT NOT NULL,
  status    TEXT NOT NULL CHECK (status IN ('planned', 'in-progress', 'done', 'dropped')),
  extra     TEXT NOT NULL,
  UNIQUE (review_id, position)
);

-- Who changed what, when. Rows are only ever added.
CREATE TABLE audit (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  review_id  INTEGER REFERENCES reviews(id),
  program_id INTEGER REFERENCES programs(id),
  what       TEXT NOT NULL,
  old_value  TEXT,
  new_value  TEXT,
  reason     TEXT NOT NULL
);
CREATE INDEX audit_by_review ON audit(review_id);
CREATE INDEX audit_by_program ON audit(program_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
)sql"},
        // Version 2 (one rulebook): policies kept with their reviews, what is
        // due after each review, the 2016 implementation-plan meeting.
        {2, R"sql(
-- Policy files as they were when a review was stored, by SHA-256 of their
-- bytes: editing a policy file never changes an issued final report.
CREATE TABLE policies (
  fingerprint TEXT PRIMARY KEY,
  policy_id   TEXT NOT NULL,
  text        TEXT NOT NULL,
  stored_at   TEXT NOT NULL
);
ALTER TABLE reviews ADD COLUMN policy_fingerprint TEXT REFERENCES policies(fingerprint);
ALTER TABLE reviews ADD COLUMN program_implementation_plan TEXT;

-- More of fw::summarize, kept for lists: the window's condition, the 2016
-- follow-up (NULL where the re-evaluation rule does not apply), and what is
-- due next (fw::due_after).
ALTER TABLE reviews ADD COLUMN next_review_condition TEXT;
ALTER TABLE reviews ADD COLUMN follow_up TEXT CHECK (follow_up IN ('eligible', 'not-eligible'));
ALTER TABLE reviews ADD COLUMN follow_up_by TEXT;
ALTER TABLE reviews ADD COLUMN due_kind TEXT;
ALTER TABLE reviews ADD COLUMN due_by TEXT;
CREATE INDEX reviews_by_due_by ON reviews(due_by) WHERE due_by IS NOT NULL;

-- 2016: a team that could not be reviewed after six months meets to write an
-- implementation plan; the review it calls for is due some months later.
ALTER TABLE programs ADD COLUMN implementation_plan_meeting TEXT;
ALTER TABLE programs ADD COLUMN implementation_plan_policy TEXT NOT NULL DEFAULT '';
ALTER TABLE programs ADD COLUMN implementation_plan_due TEXT;

-- Facts about the file itself. 'rules' is the version of the core's rules
-- that computed the summary columns: when it is older than the program's,
-- the summaries are computed again (Database::refresh_summaries).
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
INSERT INTO meta (key, value) VALUES ('rules', '1');
)sql"},
        // Version 3: a review still being scored can be deleted; its audit
        // rows stay, naming the review by its number (no foreign key).
        {3, R"sql(
CREATE TABLE audit_v3 (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,
  actor      TEXT NOT NULL,
  review_id  INTEGER,
  program_id INTEGER REFERENCES programs(id),
  what       TEXT NOT NULL,
  old_value  TEXT,
  new_value  TEXT,
  reason     TEXT NOT NULL
);
INSERT INTO audit_v3 (id, at, actor, review_id, program_id, what, old_value, new_value, reason)
  SELECT id, at, actor, review_id, program_id, what, old_value, new_value, reason FROM audit;
DROP TRIGGER audit_no_update;
DROP TRIGGER audit_no_delete;
DROP TABLE audit;
ALTER TABLE audit_v3 RENAME TO audit;
CREATE INDEX audit_by_review ON audit(review_id);
CREATE INDEX audit_by_program ON audit(program_id);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit trail cannot be changed'); END;
)sql"},
        // Version 4 (a shared server, issue 14): each audit row names the
        // review's revision its edit produced, so that an edit made against an
        // older revision can say who changed what since; on a server, the
        // login role that wrote it (a file has no roles: NULL).
        {4, R"sql(
ALTER TABLE audit ADD COLUMN revision INTEGER;
ALTER TABLE audit ADD COLUMN db_role TEXT;
)sql"},
        // Version 5: the whole list, newest visit first, read in the index's
        // order instead of sorted at each listing (half the time for 20,000).
        {5, R"sql(
CREATE INDEX reviews_by_visit ON reviews(visit_start DESC, id DESC);
)sql"},
    };
    return steps;
}

}  // namespace fw::storage
