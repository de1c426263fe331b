-- Ownership: positions, owner lists, money flows and balances; forums of
-- owners; stored budgets; API tokens. Conventions as in the register
-- migration.

-- An ownership stake of one organization in another over a period.
CREATE TABLE position (
    id          uuid           NOT NULL,
    version     bigint         NOT NULL DEFAULT 1,
    owner_id    uuid           NOT NULL,
    entity_id   uuid           NOT NULL,
    economic    numeric(30,20) NOT NULL,
    voting      numeric(30,20),
    share_class text           NOT NULL DEFAULT '',
    held        bigint         NOT NULL DEFAULT 0,
    outstanding bigint         NOT NULL DEFAULT 0,
    book_value  numeric(20,2),
    valid_from  date,
    valid_to    date,
    purpose     text           NOT NULL DEFAULT '',
    category    text           NOT NULL DEFAULT '',
    created_at  timestamptz    NOT NULL DEFAULT now(),
    updated_at  timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT position_pkey PRIMARY KEY (id),
    CONSTRAINT position_owner_fkey FOREIGN KEY (owner_id) REFERENCES organization (id),
    CONSTRAINT position_entity_fkey FOREIGN KEY (entity_id) REFERENCES organization (id),
    CONSTRAINT position_economic_check CHECK (economic BETWEEN 0 AND 1),
    CONSTRAINT position_voting_check CHECK (voting BETWEEN 0 AND 1),
    CONSTRAINT position_held_check CHECK (held >= 0 AND outstanding >= 0 AND (outstanding = 0 OR held <= outstanding)),
    CONSTRAINT position_book_value_check CHECK (book_value >= 0),
    CONSTRAINT position_valid_check CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to > valid_from),
    CONSTRAINT position_category_check CHECK (category IN ('', 'financial', 'sector-policy',
        'financial-and-sector-policy', 'other')),
    CONSTRAINT position_version_check CHECK (version >= 1)
);

CREATE INDEX position_entity_idx ON position (entity_id, valid_from);
CREATE INDEX position_owner_idx ON position (owner_id, valid_from);

-- What the register declares about an entity's owners: whether its
-- positions list them all, and how exactly their shares add up.
CREATE TABLE owner_list (
    entity_id uuid    NOT NULL,
    complete  boolean NOT NULL DEFAULT false,
    tolerance text    NOT NULL DEFAULT 'exact',
    places    integer NOT NULL DEFAULT 0,
    CONSTRAINT owner_list_pkey PRIMARY KEY (entity_id),
    CONSTRAINT owner_list_entity_fkey FOREIGN KEY (entity_id) REFERENCES organization (id),
    CONSTRAINT owner_list_tolerance_check CHECK (tolerance IN ('exact', 'rounded')),
    CONSTRAINT owner_list_places_check CHECK (places BETWEEN 0 AND 30)
);

-- A payment between an owner and an entity, by accounting year.
CREATE TABLE flow (
    id         uuid          NOT NULL,
    version    bigint        NOT NULL DEFAULT 1,
    owner_id   uuid          NOT NULL,
    entity_id  uuid          NOT NULL,
    kind       text          NOT NULL,
    year       integer       NOT NULL,
    paid       date,
    amount     numeric(20,2) NOT NULL,
    direction  text          NOT NULL DEFAULT '',
    created_at timestamptz   NOT NULL DEFAULT now(),
    CONSTRAINT flow_pkey PRIMARY KEY (id),
    CONSTRAINT flow_owner_fkey FOREIGN KEY (owner_id) REFERENCES organization (id),
    CONSTRAINT flow_entity_fkey FOREIGN KEY (entity_id) REFERENCES organization (id),
    CONSTRAINT flow_kind_check CHECK (kind IN ('dividend', 'owner-loan-interest', 'owner-loan-repayment',
        'guarantee-commission', 'capital-contribution', 'other')),
    CONSTRAINT flow_direction_check CHECK (direction IN ('', 'to-owner', 'from-owner')
        AND (kind <> 'other' OR direction <> '')),
    CONSTRAINT flow_year_check CHECK (year BETWEEN 1 AND 9999),
    CONSTRAINT flow_amount_check CHECK (amount >= 0),
    CONSTRAINT flow_version_check CHECK (version >= 1)
);

CREATE INDEX flow_owner_year_idx ON flow (owner_id, year);
CREATE INDEX flow_entity_year_idx ON flow (entity_id, year);

-- Owner-loan principal outstanding and guarantee exposure on a date.
CREATE TABLE balance (
    owner_id  uuid          NOT NULL,
    entity_id uuid          NOT NULL,
    kind      text          NOT NULL,
    date      date          NOT NULL,
    amount    numeric(20,2) NOT NULL,
    CONSTRAINT balance_pkey PRIMARY KEY (owner_id, entity_id, kind, date),
    CONSTRAINT balance_owner_fkey FOREIGN KEY (owner_id) REFERENCES organization (id),
    CONSTRAINT balance_entity_fkey FOREIGN KEY (entity_id) REFERENCES organization (id),
    CONSTRAINT balance_kind_check CHECK (kind IN ('owner-loan', 'guarantee')),
    CONSTRAINT balance_amount_check CHECK (amount >= 0)
);

-- A named group of owners (an owner forum, a region) for summaries.
CREATE TABLE forum (
    id          uuid        NOT NULL,
    version     bigint      NOT NULL DEFAULT 1,
    name        text        NOT NULL,
    description text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT forum_pkey PRIMARY KEY (id),
    CONSTRAINT forum_name_key UNIQUE (name),
    CONSTRAINT forum_name_check CHECK (length(name) BETWEEN 1 AND 300),
    CONSTRAINT forum_version_check CHECK (version >= 1)
);

CREATE TABLE forum_member (
    forum_id        uuid NOT NULL,
    organization_id uuid NOT NULL,
    CONSTRAINT forum_member_pkey PRIMARY KEY (forum_id, organization_id),
    CONSTRAINT forum_member_forum_fkey FOREIGN KEY (forum_id) REFERENCES forum (id) ON DELETE CASCADE,
    CONSTRAINT forum_member_organization_fkey FOREIGN KEY (organization_id) REFERENCES organization (id)
);

-- A budget: an allocation computed for a year from an agreement, kept as
-- issued, with the inputs it was computed from.
CREATE TABLE budget (
    id           uuid           NOT NULL,
    agreement_id uuid           NOT NULL,
    year         integer        NOT NULL,
    as_of        date           NOT NULL,
    total        numeric(20,2)  NOT NULL,
    unit         numeric(20,10) NOT NULL,
    policy       text           NOT NULL,
    inputs       jsonb          NOT NULL,
    issued_at    timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT budget_pkey PRIMARY KEY (id),
    CONSTRAINT budget_agreement_fkey FOREIGN KEY (agreement_id) REFERENCES agreement (id),
    CONSTRAINT budget_year_check CHECK (year BETWEEN 1 AND 9999),
    CONSTRAINT budget_unit_check CHECK (unit > 0),
    CONSTRAINT budget_policy_check CHECK (policy IN ('largest-remainder', 'half-up-per-row'))
);

CREATE INDEX budget_agreement_idx ON budget (agreement_id, year);

CREATE TABLE budget_line (
    budget_id       uuid           NOT NULL,
    position        integer        NOT NULL,
    organization_id uuid           NOT NULL,
    amount          numeric(20,2)  NOT NULL,
    exact           numeric(40,20) NOT NULL,
    CONSTRAINT budget_line_pkey PRIMARY KEY (budget_id, position),
    CONSTRAINT budget_line_budget_fkey FOREIGN KEY (budget_id) REFERENCES budget (id) ON DELETE CASCADE,
    CONSTRAINT budget_line_organization_fkey FOREIGN KEY (organization_id) REFERENCES organization (id)
);

-- API tokens: only a hash of the secret is kept.
CREATE TABLE api_token (
    id           uuid        NOT NULL,
    name         text        NOT NULL,
    role         text        NOT NULL,
    hash         bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz,
    CONSTRAINT api_token_pkey PRIMARY KEY (id),
    CONSTRAINT api_token_hash_key UNIQUE (hash),
    CONSTRAINT api_token_name_check CHECK (length(name) BETWEEN 1 AND 200),
    CONSTRAINT api_token_role_check CHECK (role IN ('admin', 'editor', 'reader'))
);

CREATE TABLE api_token_scope (
    token_id        uuid NOT NULL,
    organization_id uuid NOT NULL,
    CONSTRAINT api_token_scope_pkey PRIMARY KEY (token_id, organization_id),
    CONSTRAINT api_token_scope_token_fkey FOREIGN KEY (token_id) REFERENCES api_token (id) ON DELETE CASCADE,
    CONSTRAINT api_token_scope_organization_fkey FOREIGN KEY (organization_id) REFERENCES organization (id)
);
