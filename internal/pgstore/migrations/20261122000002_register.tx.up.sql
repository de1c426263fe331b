-- The register's organizations and cooperation agreements, and the audit log.
--
-- Conventions: UUID primary keys made by munireg; every constraint named
-- <table>_<column>_<kind> so that the store maps violations to domain errors;
-- dates are calendar dates; periods are half-open [valid_from, valid_to) with
-- NULL for an open end; shares are fractions NUMERIC(30,20); money is
-- NUMERIC(20,2); every mutable aggregate root has a version for optimistic
-- concurrency.

CREATE TABLE organization (
    id          uuid          NOT NULL,
    version     bigint        NOT NULL DEFAULT 1,
    name        text          NOT NULL,
    -- name_key is the name folded to lower case by munireg (Unicode-aware,
    -- whatever the database's locale): the order of listings and what name
    -- searches match.
    name_key    text          NOT NULL,
    kind        text          NOT NULL,
    org_number  char(9),
    valid_from  date,
    valid_to    date,
    created_at  timestamptz   NOT NULL DEFAULT now(),
    updated_at  timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT organization_pkey PRIMARY KEY (id),
    CONSTRAINT organization_org_number_key UNIQUE (org_number),
    CONSTRAINT organization_org_number_check CHECK (org_number ~ '^[0-9]{9}$'),
    CONSTRAINT organization_name_check CHECK (length(name) BETWEEN 1 AND 500),
    CONSTRAINT organization_kind_check CHECK (kind IN ('kommune', 'fylkeskommune', 'state', 'state-body',
        'iks', 'as', 'asa', 'sa', 'kf', 'fkf', 'stiftelse', 'forening', 'anna', 'da', 'ans', 'other')),
    CONSTRAINT organization_valid_check CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to > valid_from),
    CONSTRAINT organization_version_check CHECK (version >= 1)
);

CREATE INDEX organization_name_key_idx ON organization (name_key, id);

-- A kommunenummer over time: numbers change with reforms (2020, 2024), and a
-- number may pass from one municipality to another.
CREATE TABLE municipality_number (
    organization_id uuid    NOT NULL,
    number          char(4) NOT NULL,
    valid_from      date    NOT NULL DEFAULT '0001-01-01',
    valid_to        date,
    CONSTRAINT municipality_number_pkey PRIMARY KEY (organization_id, valid_from),
    CONSTRAINT municipality_number_organization_fkey FOREIGN KEY (organization_id)
        REFERENCES organization (id) ON DELETE CASCADE,
    CONSTRAINT municipality_number_number_check CHECK (number ~ '^[0-9]{4}$'),
    CONSTRAINT municipality_number_valid_check CHECK (valid_to IS NULL OR valid_to > valid_from)
);

CREATE INDEX municipality_number_number_idx ON municipality_number (number, valid_from);

-- Mergers and splits: the predecessor's rights and duties pass to the
-- successor on the date given.
CREATE TABLE organization_succession (
    predecessor_id uuid NOT NULL,
    successor_id   uuid NOT NULL,
    effective      date NOT NULL,
    CONSTRAINT organization_succession_pkey PRIMARY KEY (predecessor_id, successor_id),
    CONSTRAINT organization_succession_predecessor_fkey FOREIGN KEY (predecessor_id)
        REFERENCES organization (id) ON DELETE CASCADE,
    CONSTRAINT organization_succession_successor_fkey FOREIGN KEY (successor_id)
        REFERENCES organization (id) ON DELETE CASCADE,
    CONSTRAINT organization_succession_self_check CHECK (predecessor_id <> successor_id)
);

CREATE INDEX organization_succession_successor_idx ON organization_succession (successor_id);

-- Population per date (folkemengde per 1 January, SSB table 07459).
CREATE TABLE population (
    organization_id uuid   NOT NULL,
    date            date   NOT NULL,
    count           bigint NOT NULL,
    CONSTRAINT population_pkey PRIMARY KEY (organization_id, date),
    CONSTRAINT population_organization_fkey FOREIGN KEY (organization_id)
        REFERENCES organization (id) ON DELETE CASCADE,
    CONSTRAINT population_count_check CHECK (count >= 0)
);

-- A cooperation agreement (kommuneloven § 17-1) and its adopted versions.
-- The agreement is the aggregate root: its versions, participants, seats and
-- key are written together, under the agreement's version.
CREATE TABLE agreement (
    id          uuid        NOT NULL,
    version     bigint      NOT NULL DEFAULT 1,
    name        text        NOT NULL,
    name_key    text        NOT NULL,
    form        text        NOT NULL,
    org_number  char(9),
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT agreement_pkey PRIMARY KEY (id),
    CONSTRAINT agreement_name_check CHECK (length(name) BETWEEN 1 AND 500),
    CONSTRAINT agreement_form_check CHECK (form IN ('politisk-rad', 'oppgavefellesskap', 'vertskommune',
        'vertskommune-nemnd', 'iks', 'as', 'sa', 'forening', 'annet')),
    CONSTRAINT agreement_org_number_check CHECK (org_number ~ '^[0-9]{9}$'),
    CONSTRAINT agreement_version_check CHECK (version >= 1)
);

CREATE INDEX agreement_name_key_idx ON agreement (name_key, id);

CREATE TABLE agreement_version (
    agreement_id  uuid    NOT NULL,
    seq           integer NOT NULL,
    adopted       date    NOT NULL,
    valid_from    date    NOT NULL,
    valid_to      date,
    purpose       text    NOT NULL DEFAULT '',
    host_id       uuid,
    key_normalize boolean NOT NULL DEFAULT false,
    CONSTRAINT agreement_version_pkey PRIMARY KEY (agreement_id, seq),
    CONSTRAINT agreement_version_agreement_fkey FOREIGN KEY (agreement_id)
        REFERENCES agreement (id) ON DELETE CASCADE,
    CONSTRAINT agreement_version_host_fkey FOREIGN KEY (host_id) REFERENCES organization (id),
    CONSTRAINT agreement_version_valid_check CHECK (valid_to IS NULL OR valid_to > valid_from),
    CONSTRAINT agreement_version_valid_from_key UNIQUE (agreement_id, valid_from)
);

CREATE TABLE agreement_participant (
    agreement_id    uuid    NOT NULL,
    seq             integer NOT NULL,
    position        integer NOT NULL,
    organization_id uuid    NOT NULL,
    ownership       numeric(30,20),
    liability       numeric(30,20),
    cost_share      numeric(30,20),
    contribution    numeric(20,2) NOT NULL DEFAULT 0,
    CONSTRAINT agreement_participant_pkey PRIMARY KEY (agreement_id, seq, organization_id),
    CONSTRAINT agreement_participant_position_key UNIQUE (agreement_id, seq, position),
    CONSTRAINT agreement_participant_version_fkey FOREIGN KEY (agreement_id, seq)
        REFERENCES agreement_version (agreement_id, seq) ON DELETE CASCADE,
    CONSTRAINT agreement_participant_organization_fkey FOREIGN KEY (organization_id)
        REFERENCES organization (id),
    CONSTRAINT agreement_participant_ownership_check CHECK (ownership BETWEEN 0 AND 1),
    CONSTRAINT agreement_participant_liability_check CHECK (liability BETWEEN 0 AND 1),
    CONSTRAINT agreement_participant_cost_share_check CHECK (cost_share BETWEEN 0 AND 1),
    CONSTRAINT agreement_participant_contribution_check CHECK (contribution >= 0)
);

CREATE INDEX agreement_participant_organization_idx ON agreement_participant (organization_id);

-- Seats per participant in each governing body of the version.
CREATE TABLE agreement_seat (
    agreement_id    uuid    NOT NULL,
    seq             integer NOT NULL,
    organization_id uuid    NOT NULL,
    body            text    NOT NULL,
    seats           integer NOT NULL,
    CONSTRAINT agreement_seat_pkey PRIMARY KEY (agreement_id, seq, organization_id, body),
    CONSTRAINT agreement_seat_participant_fkey FOREIGN KEY (agreement_id, seq, organization_id)
        REFERENCES agreement_participant (agreement_id, seq, organization_id) ON DELETE CASCADE,
    CONSTRAINT agreement_seat_body_check CHECK (length(body) BETWEEN 1 AND 200),
    CONSTRAINT agreement_seat_seats_check CHECK (seats >= 0)
);

-- The cost-sharing key (fordelingsnøkkel) of a version: weighted components.
CREATE TABLE agreement_key_component (
    agreement_id uuid           NOT NULL,
    seq          integer        NOT NULL,
    position     integer        NOT NULL,
    name         text           NOT NULL,
    weight       numeric(30,20) NOT NULL,
    basis        text           NOT NULL,
    CONSTRAINT agreement_key_component_pkey PRIMARY KEY (agreement_id, seq, position),
    CONSTRAINT agreement_key_component_version_fkey FOREIGN KEY (agreement_id, seq)
        REFERENCES agreement_version (agreement_id, seq) ON DELETE CASCADE,
    CONSTRAINT agreement_key_component_weight_check CHECK (weight BETWEEN 0 AND 1),
    CONSTRAINT agreement_key_component_basis_check CHECK (basis IN ('equal', 'population', 'share', 'ownership')
        OR basis ~ '^metric:.+$')
);

-- A version's price list (tariff): base + rate × quantity, within floor and cap.
CREATE TABLE agreement_tariff (
    agreement_id uuid           NOT NULL,
    seq          integer        NOT NULL,
    base         numeric(20,2)  NOT NULL,
    rate         numeric(30,10) NOT NULL,
    basis        text           NOT NULL,
    floor        numeric(20,2),
    cap          numeric(20,2),
    CONSTRAINT agreement_tariff_pkey PRIMARY KEY (agreement_id, seq),
    CONSTRAINT agreement_tariff_version_fkey FOREIGN KEY (agreement_id, seq)
        REFERENCES agreement_version (agreement_id, seq) ON DELETE CASCADE,
    CONSTRAINT agreement_tariff_amounts_check CHECK (base >= 0 AND rate >= 0 AND floor >= 0 AND cap >= 0),
    CONSTRAINT agreement_tariff_cap_check CHECK (floor IS NULL OR cap IS NULL OR floor <= cap),
    CONSTRAINT agreement_tariff_basis_check CHECK (basis = 'population' OR basis ~ '^metric:.+$')
);

-- Who did what, when, to which record: one row per change, written in the
-- change's transaction. Never updated or deleted.
CREATE TABLE audit (
    id          uuid        NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    actor_id    text        NOT NULL,
    actor_name  text        NOT NULL,
    action      text        NOT NULL,
    record_type text        NOT NULL,
    record_id   uuid        NOT NULL,
    before      jsonb,
    after       jsonb,
    CONSTRAINT audit_pkey PRIMARY KEY (id),
    CONSTRAINT audit_action_check CHECK (action IN ('create', 'update', 'end', 'delete'))
);

CREATE INDEX audit_record_idx ON audit (record_type, record_id, at);
CREATE INDEX audit_at_idx ON audit (at, id);
