"""0016: satisfaction surveys of a unit (政风行风满意度, F12): the surveys supervisors make,
the residents' answers, and each answered question as a row of its own, so that a survey's
results are one GROUP BY over an index."""
from . import migrations


@migrations(name="0016_surveys")
def surveys(db):
    """Create surveys, survey_answers and survey_choices."""
    db.executescript(
        """
        -- A survey of one unit over a period of days (China's dates, both ends included).
        -- token is the 128-bit random part of its public address: printed on posters and
        -- shown to staff again whenever they reprint it, so it is stored as it is (it lets
        -- one answer the survey, which is what the poster invites anyone to do; it guards
        -- only against guessing the addresses of other surveys). questions: the codes of the
        -- questions as they were asked, so that results stay readable whatever is asked later.
        CREATE TABLE surveys (
            id INTEGER PRIMARY KEY,
            node_id INTEGER NOT NULL REFERENCES org_nodes(id),
            title TEXT NOT NULL,
            starts_on TEXT NOT NULL,
            ends_on TEXT NOT NULL,
            questions TEXT NOT NULL,
            token TEXT NOT NULL UNIQUE,
            created_by INTEGER NOT NULL REFERENCES users(id),
            created_at TEXT NOT NULL,
            closed_at TEXT,
            closed_by INTEGER REFERENCES users(id)
        );
        CREATE INDEX surveys_node ON surveys(node_id, created_at);
        CREATE INDEX surveys_listed ON surveys(created_at, id);

        -- One resident's answer. The phone (when given) and the device are kept only as keyed
        -- hashes, enough to refuse a second answer and never to call anyone; complete: every
        -- question was answered (a partial answer is kept all the same).
        CREATE TABLE survey_answers (
            id INTEGER PRIMARY KEY,
            survey_id INTEGER NOT NULL REFERENCES surveys(id),
            answered_at TEXT NOT NULL,
            complete INTEGER NOT NULL,
            comment TEXT,
            phone_key TEXT,
            device_key TEXT NOT NULL
        );
        -- A survey's answers counted, all and complete, from the index alone.
        CREATE INDEX survey_answers_survey ON survey_answers(survey_id, complete);
        -- One answer per phone and per device, even for two sent at the same moment.
        CREATE UNIQUE INDEX survey_answers_phone ON survey_answers(survey_id, phone_key)
            WHERE phone_key IS NOT NULL;
        CREATE UNIQUE INDEX survey_answers_device ON survey_answers(survey_id, device_key);

        -- Each question an answer answered, and the choice made.
        CREATE TABLE survey_choices (
            answer_id INTEGER NOT NULL REFERENCES survey_answers(id),
            survey_id INTEGER NOT NULL REFERENCES surveys(id),
            question TEXT NOT NULL,
            choice TEXT NOT NULL,
            PRIMARY KEY (answer_id, question)
        ) WITHOUT ROWID;
        CREATE INDEX survey_choices_results ON survey_choices(survey_id, question, choice);
        """
    )
