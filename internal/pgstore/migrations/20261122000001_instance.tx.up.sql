-- The register instance: one row, made when the register is created, so that
-- exports, logs and clients can tell one register from another.
CREATE TABLE munireg_instance (
    id         uuid        NOT NULL DEFAULT gen_random_uuid(),
    singleton  boolean     NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT munireg_instance_pkey PRIMARY KEY (id),
    CONSTRAINT munireg_instance_singleton_key UNIQUE (singleton),
    CONSTRAINT munireg_instance_singleton_check CHECK (singleton)
);

INSERT INTO munireg_instance DEFAULT VALUES;
