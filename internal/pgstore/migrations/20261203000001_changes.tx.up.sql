-- Every committed change to the register is announced on the channel
-- munireg_change, whoever makes it (munireg, another munireg process sharing
-- the database, or an operator with psql), so that servers drop what they
-- read before it (see changes.go). PostgreSQL delivers a notification only
-- when its transaction commits, and one per transaction for the same payload.
-- The payload says what changed: 'register' or 'tokens'.
CREATE FUNCTION munireg_announce_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('munireg_change', TG_ARGV[0]);
    RETURN NULL;
END
$$;

-- One statement-level trigger a table: a COPY of a million rows announces
-- once, like a single UPDATE.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['organization', 'municipality_number', 'organization_succession', 'population',
        'agreement', 'agreement_version', 'agreement_participant', 'agreement_seat', 'agreement_key_component',
        'agreement_tariff', 'position', 'owner_list', 'flow', 'balance', 'forum', 'forum_member', 'budget',
        'budget_line', 'audit']
    LOOP
        EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I '
            'FOR EACH STATEMENT EXECUTE FUNCTION munireg_announce_change(''register'')', t || '_change', t);
    END LOOP;
END
$$;

-- A token's last use is written as it is used; it changes nothing a cache
-- keeps, so only the other columns announce.
CREATE TRIGGER api_token_change
    AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF id, name, role, hash, created_at, revoked_at ON api_token
    FOR EACH STATEMENT EXECUTE FUNCTION munireg_announce_change('tokens');
CREATE TRIGGER api_token_scope_change
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_token_scope
    FOR EACH STATEMENT EXECUTE FUNCTION munireg_announce_change('tokens');
