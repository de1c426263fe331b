package pgstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/munireg/munireg/ownership"
)

// The consistency check: every rule the register keeps across rows, checked
// over the whole database from one snapshot, each with one set-based
// statement (see CheckRules and docs/STORAGE.md). What a CHECK or foreign-key
// constraint of the schema keeps is not checked again: PostgreSQL never lets
// it break.

// Rule is one promise of the register that Check verifies.
type Rule struct {
	// Name names the rule, in kebab-case ("position-share-sum").
	Name string
	// Promise says what the register promises, in one sentence.
	Promise string
}

// Violation is one breach of a rule.
type Violation struct {
	// Rule is the Name of the rule broken.
	Rule string
	// IDs are the records concerned, the record the rule is about first
	// (the agreement, the entity, the position).
	IDs []string
	// Message says what is wrong, in a sentence.
	Message string
}

// RuleResult is a rule, how many violations of it Check found, and how long
// checking it took.
type RuleResult struct {
	Rule
	// Violations is the number of violations found, all of them, even when
	// the report lists fewer.
	Violations int
	// Took is how long checking the rule took.
	Took time.Duration
}

// CheckReport is what Check found.
type CheckReport struct {
	// Rules are the rules checked, in the order of CheckRules.
	Rules []RuleResult
	// Violations are the violations found, rule by rule in the order of
	// Rules, at most MaxViolationsPerRule of each rule, in order of IDs.
	Violations []Violation
}

// Count returns the number of violations found, of every rule.
func (r CheckReport) Count() int {
	n := 0
	for _, rr := range r.Rules {
		n += rr.Violations
	}
	return n
}

// checkWorkMem is the work_mem of the check's transaction: enough for
// PostgreSQL to compare Norway(1)'s 600 000 flows with their audit rows in a
// hash table (about twice as fast as sorting both); a register too big
// for it is sorted instead, in bounded memory.
const checkWorkMem = "128MB"

// MaxViolationsPerRule bounds the violations of one rule a CheckReport
// lists, so that a register broken wholesale (a truncated audit log) makes
// a report, not a flood; RuleResult.Violations still counts them all.
const MaxViolationsPerRule = 1000

// checkRule is a rule and how it is checked: by a query of the violations,
// rows of (ids text[], message text), with its arguments; or, for a rule
// whose verdict is the domain's own function, by find.
type checkRule struct {
	Rule
	query string
	args  []any
	find  func(ctx context.Context, db bun.IDB, limit int) ([]Violation, int, error) // run sets Violation.Rule
}

// CheckRules returns every rule Check verifies, in the order it checks
// them.
func CheckRules() []Rule {
	rules := checkRules()
	out := make([]Rule, len(rules))
	for i, r := range rules {
		out[i] = r.Rule
	}
	return out
}

// Check verifies every rule of CheckRules over the whole register, from one
// snapshot (a read-only REPEATABLE READ transaction), and reports what
// breaks them. A register written only through munireg has no violations;
// one is a change made around it (by hand in psql, a restored backup of one
// table) or a rule munireg failed to keep. The error is about the check
// itself (the database cannot be reached), never about what it found.
func (s *Store) Check(ctx context.Context) (CheckReport, error) {
	var report CheckReport
	// Dates in messages as YYYY-MM-DD, whatever the server's DateStyle; no
	// JIT compilation, which costs more than it saves on statements that
	// each run once; memory to compare the audit log's sets by hashing (see
	// checkWorkMem).
	settings := []string{"datestyle", "ISO, YMD", "jit", "off", "work_mem", checkWorkMem}
	err := s.snapshot(ctx, func(ctx context.Context, tx bun.Tx) error {
		for _, r := range checkRules() {
			start := time.Now()
			found, total, err := r.run(ctx, tx, MaxViolationsPerRule)
			if err != nil {
				return fmt.Errorf("rule %s: %w", r.Name, err)
			}
			report.Rules = append(report.Rules, RuleResult{Rule: r.Rule, Violations: total, Took: time.Since(start)})
			report.Violations = append(report.Violations, found...)
		}
		return nil
	}, settings...)
	if err != nil {
		return CheckReport{}, storeError(err)
	}
	return report, nil
}

// violationRow is a row of a rule's query.
type violationRow struct {
	IDs     []string `bun:"ids,array"`
	Message string   `bun:"message"`
	Total   int      `bun:"total"`
}

// run finds the rule's violations, at most limit of them in order of IDs,
// and how many there are in all.
func (r checkRule) run(ctx context.Context, db bun.IDB, limit int) ([]Violation, int, error) {
	if r.find != nil {
		found, total, err := r.find(ctx, db, limit)
		for i := range found {
			found[i].Rule = r.Name
		}
		return found, total, err
	}
	var rows []violationRow
	q := "SELECT v.ids, v.message, count(*) OVER () AS total FROM (" + r.query + ") AS v (ids, message) " +
		"ORDER BY v.ids, v.message LIMIT ?"
	if err := db.NewRaw(q, append(append([]any(nil), r.args...), limit)...).Scan(ctx, &rows); err != nil {
		return nil, 0, err
	}
	out := make([]Violation, len(rows))
	total := 0
	for i, row := range rows {
		out[i] = Violation{Rule: r.Name, IDs: row.IDs, Message: row.Message}
		total = row.Total
	}
	return out, total, nil
}

// checkRules are the rules, each with where the write path keeps it. The
// sets of forms and kinds a rule depends on come from the domain packages,
// so that the check and the write path read one table of the law.
func checkRules() []checkRule {
	return []checkRule{
		{
			// munireg.ParseOrgNumber, the only way to make an OrgNumber;
			// the column's CHECK admits any nine digits.
			Rule: Rule{"org-number-check-digit",
				"Every organisasjonsnummer of an organization or an agreement has a valid MOD11 check digit."},
			query: `SELECT ARRAY[o.id::text], format('organization "%s" has organisation number %s, which fails the MOD11 check', o.name, o.org_number)
FROM organization AS o WHERE o.org_number IS NOT NULL AND ` + mod11Fails("o.org_number") + `
UNION ALL
SELECT ARRAY[a.id::text], format('agreement "%s" has organisation number %s, which fails the MOD11 check', a.name, a.org_number)
FROM agreement AS a WHERE a.org_number IS NOT NULL AND ` + mod11Fails("a.org_number"),
		},
		{
			// munireg.ParseMunicipalityNumber; the column's CHECK admits any
			// four digits.
			Rule: Rule{"municipality-number-valid",
				"Every kommunenummer has a county part and a local part from 01 to 99."},
			query: `SELECT ARRAY[n.organization_id::text], format('"%s" has kommunenummer %s, whose county or local part is 00', o.name, n.number)
FROM municipality_number AS n JOIN organization AS o ON o.id = n.organization_id
WHERE substr(n.number, 1, 2) = '00' OR substr(n.number, 3, 2) = '00'`,
		},
		{
			// munireg.Organization.Validate ("overlaps the number before
			// it"), on every create and update of an organization.
			Rule: Rule{"municipality-number-overlap",
				"The kommunenummer periods of one organization do not overlap."},
			query: `SELECT ARRAY[n.organization_id::text], format('"%s" had kommunenummer %s from %s until %s, overlapping kommunenummer %s from %s',
	o.name, n.number, coalesce(nullif(n.valid_from, ?::date)::text, 'the start'), coalesce(n.valid_to::text, 'further notice'), n.next_number, n.next_from)
FROM (SELECT organization_id, number, valid_from, valid_to, lead(number) OVER w AS next_number, lead(valid_from) OVER w AS next_from
	FROM municipality_number WINDOW w AS (PARTITION BY organization_id ORDER BY valid_from)) AS n
JOIN organization AS o ON o.id = n.organization_id
WHERE n.next_from IS NOT NULL AND (n.valid_to IS NULL OR n.valid_to > n.next_from)`,
			args: []any{sinceAlways.Format(time.DateOnly)},
		},
		{
			// cooperation.Agreement.Validate (versions required);
			// toAgreementRows numbers the versions by their index, which
			// the read path relies on.
			Rule: Rule{"agreement-versions",
				"Every agreement has at least one version, numbered from 0 without gaps."},
			query: `SELECT ARRAY[a.id::text], CASE WHEN count(v.seq) = 0 THEN format('agreement "%s" has no versions', a.name)
	ELSE format('agreement "%s" has versions numbered %s, not 0 to %s', a.name, string_agg(v.seq::text, ', ' ORDER BY v.seq), count(v.seq) - 1) END
FROM agreement AS a LEFT JOIN agreement_version AS v ON v.agreement_id = a.id
GROUP BY a.id, a.name
HAVING count(v.seq) = 0 OR min(v.seq) <> 0 OR max(v.seq) <> count(v.seq) - 1`,
		},
		{
			// cooperation.Agreement.Validate, under the agreement's lock;
			// the UNIQUE constraint keeps only the dates distinct.
			Rule: Rule{"agreement-version-order",
				"Each version of an agreement begins after the version before it begins, and not before it ends."},
			query: `SELECT ARRAY[v.agreement_id::text], CASE WHEN v.valid_from <= v.prev_from
	THEN format('agreement "%s": versions[%s] begins %s, not after versions[%s], which begins %s', a.name, v.seq, v.valid_from, v.prev_seq, v.prev_from)
	ELSE format('agreement "%s": versions[%s] begins %s, before versions[%s] ends on %s', a.name, v.seq, v.valid_from, v.prev_seq, v.prev_to) END
FROM (SELECT agreement_id, seq, valid_from, lag(seq) OVER w AS prev_seq, lag(valid_from) OVER w AS prev_from, lag(valid_to) OVER w AS prev_to
	FROM agreement_version WINDOW w AS (PARTITION BY agreement_id ORDER BY seq)) AS v
JOIN agreement AS a ON a.id = v.agreement_id
WHERE v.prev_seq IS NOT NULL AND (v.valid_from <= v.prev_from OR v.prev_to > v.valid_from)`,
		},
		{
			// cooperation.Version.Validate ("adopted after the version
			// ended").
			Rule: Rule{"agreement-version-adopted",
				"Every version of an agreement was adopted before it ended."},
			query: `SELECT ARRAY[v.agreement_id::text], format('agreement "%s": versions[%s] was adopted %s, not before it ended on %s', a.name, v.seq, v.adopted, v.valid_to)
FROM agreement_version AS v JOIN agreement AS a ON a.id = v.agreement_id
WHERE v.valid_to IS NOT NULL AND v.adopted >= v.valid_to`,
		},
		{
			// cooperation.Version.Validate (ErrTooFewParticipants).
			Rule: Rule{"agreement-participants",
				"Every version of an agreement has at least two participants."},
			query: `SELECT ARRAY[v.agreement_id::text], format('agreement "%s": versions[%s] has fewer than 2 participants (%s)', a.name, v.seq, count(p.organization_id))
FROM agreement_version AS v JOIN agreement AS a ON a.id = v.agreement_id
LEFT JOIN agreement_participant AS p ON p.agreement_id = v.agreement_id AND p.seq = v.seq
GROUP BY v.agreement_id, v.seq, a.name
HAVING count(p.organization_id) < 2`,
		},
		{
			// cooperation.Version.Validate (checkShareSums), under the
			// agreement's lock.
			Rule: Rule{"agreement-ownership-sum",
				"In an IKS and a kommunalt oppgavefellesskap, and under a key that splits by eierandel without normalizing, " +
					"every participant has an eierandel and they sum to exactly 1; elsewhere the eierandeler given sum to at most 1."},
			query: versionShares + `SELECT ARRAY[agreement_id::text], CASE
	WHEN own_missing THEN format('agreement "%s": versions[%s] gives %s of %s participants no eierandel, which %s',
		name, seq, n - n_own, n, CASE WHEN shares_form THEN 'form ' || form || ' requires' ELSE 'its key splits by' END)
	WHEN own_exact THEN format('agreement "%s": the eierandeler of versions[%s] sum to %s, not exactly 1', name, seq, trim_scale(own))
	ELSE format('agreement "%s": the eierandeler of versions[%s] sum to %s, more than 1', name, seq, trim_scale(own)) END
FROM vs
WHERE own_missing OR (NOT cost_missing AND ((own_exact AND own <> 1) OR (NOT own_exact AND n_own > 0 AND own > 1)))`,
			args: versionSharesArgs(),
		},
		{
			// cooperation.Version.Validate (checkShareSums; an ansvarsandel
			// not given is the eierandel, IKS-loven § 3).
			Rule: Rule{"agreement-liability-sum",
				"Where any ansvarsandel is given, the ansvarsandeler (each participant's eierandel when not given) sum to exactly 1 " +
					"in an IKS and a kommunalt oppgavefellesskap, and to at most 1 elsewhere."},
			query: versionShares + `SELECT ARRAY[agreement_id::text], CASE
	WHEN shares_form AND liab <> 1 THEN format('agreement "%s": the ansvarsandeler of versions[%s] sum to %s, not exactly 1', name, seq, trim_scale(liab))
	ELSE format('agreement "%s": the ansvarsandeler of versions[%s] sum to %s, more than 1', name, seq, trim_scale(liab)) END
FROM vs
WHERE NOT own_missing AND NOT cost_missing AND n_liab > 0 AND ((shares_form AND liab <> 1) OR liab > 1)`,
			args: versionSharesArgs(),
		},
		{
			// cooperation.Version.Validate (ErrMissingBasis,
			// checkShareSums).
			Rule: Rule{"agreement-cost-share-sum",
				"Under a key that splits by explicit share, every participant has a cost share, and they sum to exactly 1 unless the key normalizes."},
			query: versionShares + `SELECT ARRAY[agreement_id::text], CASE
	WHEN cost_missing THEN format('agreement "%s": versions[%s] gives %s of %s participants no cost share, which its key splits by', name, seq, n - n_cost, n)
	ELSE format('agreement "%s": the cost shares of versions[%s] sum to %s, not exactly 1', name, seq, trim_scale(cost)) END
FROM vs
WHERE cost_missing OR (NOT own_missing AND by_share AND NOT key_normalize AND cost <> 1)`,
			args: versionSharesArgs(),
		},
		{
			// cooperation.Key.Validate.
			Rule: Rule{"agreement-key-weights",
				"The components of a cost-sharing key have names, no two the same, and weights that sum to exactly 1."},
			query: `SELECT ARRAY[c.agreement_id::text], CASE
	WHEN c.weight <> 1 THEN format('agreement "%s": the weights of the key of versions[%s] sum to %s, not exactly 1', a.name, c.seq, trim_scale(c.weight))
	ELSE format('agreement "%s": the key of versions[%s] has a component without a name, or two of the same name', a.name, c.seq) END
FROM (SELECT agreement_id, seq, sum(weight) AS weight, count(*) AS n, count(DISTINCT name) AS names, bool_or(name = '') AS unnamed
	FROM agreement_key_component GROUP BY agreement_id, seq) AS c
JOIN agreement AS a ON a.id = c.agreement_id
WHERE c.weight <> 1 OR c.names < c.n OR c.unnamed`,
		},
		{
			// cooperation.Version.Validate (ErrHostNotParticipant), with the
			// participants' kinds as stored when the agreement is written.
			// A later change of the host's kind is not checked against its
			// agreements: this rule finds it.
			Rule: Rule{"agreement-host",
				"A vertskommune arrangement has a host; a host takes part in its version and is a kommune or fylkeskommune."},
			query: `SELECT ARRAY_REMOVE(ARRAY[v.agreement_id::text, v.host_id::text], NULL), CASE
	WHEN v.host_id IS NULL THEN format('agreement "%s": versions[%s] has no host, which form %s requires', a.name, v.seq, a.form)
	WHEN p.organization_id IS NULL THEN format('agreement "%s": the host of versions[%s], "%s", does not take part in it', a.name, v.seq, o.name)
	ELSE format('agreement "%s": the host of versions[%s], "%s", is of kind %s, which may not host', a.name, v.seq, o.name, o.kind) END
FROM agreement_version AS v JOIN agreement AS a ON a.id = v.agreement_id
LEFT JOIN agreement_participant AS p ON p.agreement_id = v.agreement_id AND p.seq = v.seq AND p.organization_id = v.host_id
LEFT JOIN organization AS o ON o.id = v.host_id
WHERE (v.host_id IS NULL AND a.form = ANY(?::text[]))
	OR (v.host_id IS NOT NULL AND (p.organization_id IS NULL OR o.kind <> ALL(?::text[])))`,
			args: []any{pgdialect.Array(formsWhere(cooperation.Form.RequiresHost)), pgdialect.Array(municipalKinds())},
		},
		{
			// cooperation.Version.Validate (ErrParticipantNotAllowed), with
			// the kinds as stored when the agreement is written; a later
			// change of a participant's kind is not checked against its
			// agreements: this rule finds it.
			Rule: Rule{"agreement-participant-kind",
				"Every participant is of a kind the agreement's form allows (only kommuner and fylkeskommuner, and in an IKS also IKS, where the law says so)."},
			query: `SELECT ARRAY[p.agreement_id::text, p.organization_id::text],
	format('agreement "%s": "%s", of kind %s, takes part in versions[%s], which form %s does not allow', a.name, o.name, o.kind, p.seq, a.form)
FROM agreement_participant AS p JOIN agreement AS a ON a.id = p.agreement_id JOIN organization AS o ON o.id = p.organization_id
WHERE a.form || ' ' || o.kind = ANY(?::text[])`,
			args: []any{pgdialect.Array(disallowedParticipants())},
		},
		{
			// cooperation.Allocate (Σ = total exactly under largest
			// remainder; every amount in whole units), which CreateBudget
			// and ImportRegister check the budget against (checkIssued).
			Rule: Rule{"budget-lines",
				"Every line of a budget is a whole multiple of its rounding unit, and under largest remainder the lines sum to exactly its total."},
			query: `SELECT ARRAY[b.id::text, b.agreement_id::text], CASE
	WHEN l.off_unit > 0 THEN format('the %s budget of agreement "%s" has %s lines that are not whole multiples of its unit %s', b.year, a.name, l.off_unit, trim_scale(b.unit))
	ELSE format('the %s budget of agreement "%s" has lines summing to %s, not its total %s', b.year, a.name, coalesce(l.amount, 0), b.total) END
FROM budget AS b JOIN agreement AS a ON a.id = b.agreement_id
LEFT JOIN (SELECT l.budget_id, sum(l.amount) AS amount, count(*) FILTER (WHERE mod(l.amount, b.unit) <> 0) AS off_unit
	FROM budget_line AS l JOIN budget AS b ON b.id = l.budget_id GROUP BY l.budget_id) AS l ON l.budget_id = b.id
WHERE l.off_unit > 0 OR (b.policy = ? AND coalesce(l.amount, 0) <> b.total)`,
			args: []any{string(munireg.LargestRemainder)},
		},
		{
			// ownership.CheckShares (ErrOverlap), under the entity's lock,
			// on every write of a position.
			Rule: Rule{"position-overlap",
				"The positions of one owner in one entity and share class do not overlap in time."},
			query: `SELECT ARRAY[o.id::text, other.id::text], format('"%s" holds "%s"%s twice at once: from %s until %s, and from %s until %s',
	ow.name, en.name, CASE WHEN o.share_class = '' THEN '' ELSE format(' (class %s)', o.share_class) END,
	coalesce(other.valid_from::text, 'the start'), coalesce(other.valid_to::text, 'further notice'),
	coalesce(o.valid_from::text, 'the start'), coalesce(o.valid_to::text, 'further notice'))
FROM (SELECT id, owner_id, entity_id, share_class, valid_from, valid_to,
		max(coalesce(valid_to, 'infinity')) OVER (PARTITION BY owner_id, entity_id, share_class ORDER BY valid_from NULLS FIRST, id
			ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
	FROM position) AS o
JOIN LATERAL (SELECT p.id, p.valid_from, p.valid_to FROM position AS p
	WHERE p.owner_id = o.owner_id AND p.entity_id = o.entity_id AND p.share_class = o.share_class AND p.id <> o.id
		AND coalesce(p.valid_from, '-infinity') < coalesce(o.valid_to, 'infinity') AND coalesce(o.valid_from, '-infinity') < coalesce(p.valid_to, 'infinity')
	ORDER BY p.valid_from NULLS FIRST, p.id LIMIT 1) AS other ON true
JOIN organization AS ow ON ow.id = o.owner_id JOIN organization AS en ON en.id = o.entity_id
WHERE coalesce(o.valid_from, '-infinity') < o.reach`,
		},
		{
			// ownership.CheckShares, under the entity's lock, on every
			// write of a position or an owner list (checkShareDates).
			Rule: Rule{"position-share-sum",
				"At every date, the economic and the voting shares of an entity's owners sum to at most 1, " +
					"and the economic shares to exactly 1 when its owner list is declared complete (within a rounded table's tolerance)."},
			find: findShareSums,
		},
		{
			// ownership.Position.Validate (ErrShareCount); the column's CHECK
			// keeps only held <= outstanding when shares are outstanding.
			Rule: Rule{"position-share-count",
				"A position counted in shares has shares outstanding, and without a share class its economic share is zero " +
					"or its held / outstanding shares rounded to the places it is written with."},
			query: `SELECT ARRAY[p.id::text], CASE
	WHEN p.outstanding <= 0 THEN format('the position of "%s" in "%s" is counted in shares, %s held, but %s outstanding', ow.name, en.name, p.held, p.outstanding)
	ELSE format('the position of "%s" in "%s" has economic share %s, but %s of %s shares is %s', ow.name, en.name,
		trim_scale(p.economic), p.held, p.outstanding, ` + heldShare("p", "scale(trim_scale(p.economic))") + `) END
FROM position AS p JOIN organization AS ow ON ow.id = p.owner_id JOIN organization AS en ON en.id = p.entity_id
WHERE (p.held <> 0 OR p.outstanding <> 0) AND (p.outstanding <= 0 OR (p.share_class = '' AND p.economic <> 0
	AND p.economic <> ` + heldShare("p", "scale(trim_scale(p.economic))") + `))`,
		},
		{
			// ownership.OwnerList.Validate, in SetOwnerList and
			// ImportRegister; the column's CHECK keeps places in 0..30.
			Rule: Rule{"owner-list-places",
				"An owner list of rounded shares gives the places they were published to; one of exact shares gives none."},
			query: `SELECT ARRAY[l.entity_id::text], CASE
	WHEN l.tolerance = ? THEN format('the owner list of "%s" is of shares rounded to %s places, not 1 to %s', o.name, l.places, ?::int)
	ELSE format('the owner list of "%s" is of exact shares, but gives %s places', o.name, l.places) END
FROM owner_list AS l JOIN organization AS o ON o.id = l.entity_id
WHERE (l.tolerance = ? AND l.places NOT BETWEEN 1 AND ?) OR (l.tolerance <> ? AND l.places <> 0)`,
			args: []any{string(ownership.ToleranceRounded), munireg.MaxPlaces,
				string(ownership.ToleranceRounded), munireg.MaxPlaces, string(ownership.ToleranceRounded)},
		},
		{
			// munireg.Token.Validate, in CreateToken; tokens are never
			// updated but for their use and revocation.
			Rule: Rule{"token-scope",
				"An editor's token is scoped to at least one organization; an admin's or a reader's to none."},
			query: `SELECT ARRAY[t.id::text], CASE
	WHEN t.role = ? THEN format('the %s token "%s" is scoped to no organization', t.role, t.name)
	ELSE format('the %s token "%s" is scoped to organizations (%s), which only an %s token may be', t.role, t.name, s.n, ?::text) END
FROM api_token AS t LEFT JOIN (SELECT token_id, count(*) AS n FROM api_token_scope GROUP BY token_id) AS s ON s.token_id = t.id
WHERE (t.role = ? AND s.n IS NULL) OR (t.role <> ? AND s.n > 0)`,
			args: []any{string(munireg.RoleEditor), string(munireg.RoleEditor), string(munireg.RoleEditor), string(munireg.RoleEditor)},
		},
		{
			// audit, in the transaction of every create: the single-record
			// paths, the bulk loads (bulkAuditRow), the file imports and
			// ImportRegister.
			Rule: Rule{"audit-trail",
				"Every organization, agreement, budget, position, flow, forum and API token has the audit row of its creation."},
			query: `SELECT ARRAY[r.id::text], format('the audit log has no row of the creation of this %s', r.type)
FROM ((SELECT ?::text AS type, id FROM organization
		UNION ALL SELECT ?, id FROM agreement
		UNION ALL SELECT ?, id FROM budget
		UNION ALL SELECT ?, id FROM position
		UNION ALL SELECT ?, id FROM flow
		UNION ALL SELECT ?, id FROM forum
		UNION ALL SELECT ?, id FROM api_token)
	EXCEPT
	SELECT record_type, record_id FROM audit WHERE action = ?) AS r`,
			args: []any{recordOrganization, recordAgreement, recordBudget, recordPosition, recordFlow, recordForum, recordToken,
				actionCreate},
		},
		{
			// audit, in the transaction of every change, with the record as
			// it is after the change (and its new revision).
			Rule: Rule{"audit-current",
				"The audit log records every record as it stands: a position, a flow, an agreement and a forum at their current revision " +
					"(a position and a flow with the same facts), an organization as its newest snapshot, an owner list, a balance and a succession as they are."},
			query: auditCurrent,
			args: []any{recordPosition, recordPosition, recordFlow, recordFlow, recordAgreement, recordAgreement,
				recordForum, recordForum, recordOrganization, "owner-list", recordBalance, "succession"},
		},
	}
}

// mod11Fails is the SQL condition that the nine-digit column fails
// munireg.ParseOrgNumber's check: zero, or a MOD11 check digit (weights 3,
// 2, 7, 6, 5, 4, 3, 2) that is not the last digit (a remainder giving 10
// never is). TestCheckOrgNumbersAsTheDomain holds it to ParseOrgNumber.
func mod11Fails(column string) string {
	var sum []string
	for i, w := range []int{3, 2, 7, 6, 5, 4, 3, 2} {
		sum = append(sum, fmt.Sprintf("%d * substr(%s, %d, 1)::int", w, column, i+1))
	}
	return fmt.Sprintf("(%[1]s = '000000000' OR (11 - (%[2]s) %% 11) %% 11 <> substr(%[1]s, 9, 1)::int)",
		column, strings.Join(sum, " + "))
}

// heldShare is the SQL of held / outstanding of the position aliased p,
// rounded half away from zero to places, exactly: the quotient is truncated
// to 41 places first, which cannot move it across a rounding boundary of
// at most 30 places.
func heldShare(p, places string) string {
	return fmt.Sprintf("round(div(%[1]s.held * 1e41, %[1]s.outstanding) * 1e-41, %[2]s)", p, places)
}

// versionShares is the start of a query over the versions of agreements
// (vs) with what their participants' shares sum to, the facts of their form
// and key the rules depend on, and which required shares are missing; its
// arguments are versionSharesArgs.
const versionShares = `WITH v AS (
	SELECT v.agreement_id, v.seq, a.name, a.form, v.key_normalize, a.form = ANY(?::text[]) AS shares_form,
		EXISTS (SELECT 1 FROM agreement_key_component AS c WHERE c.agreement_id = v.agreement_id AND c.seq = v.seq AND c.basis = ? AND c.weight <> 0) AS by_ownership,
		EXISTS (SELECT 1 FROM agreement_key_component AS c WHERE c.agreement_id = v.agreement_id AND c.seq = v.seq AND c.basis = ? AND c.weight <> 0) AS by_share
	FROM agreement_version AS v JOIN agreement AS a ON a.id = v.agreement_id
), s AS (
	SELECT agreement_id, seq, count(*) AS n, count(ownership) AS n_own, coalesce(sum(ownership), 0) AS own,
		count(liability) AS n_liab, coalesce(sum(coalesce(liability, ownership)), 0) AS liab,
		count(cost_share) AS n_cost, coalesce(sum(cost_share), 0) AS cost
	FROM agreement_participant GROUP BY agreement_id, seq
), vs AS (
	SELECT v.*, s.n, s.n_own, s.own, s.n_liab, s.liab, s.n_cost, s.cost,
		(v.shares_form OR v.by_ownership) AND s.n_own < s.n AS own_missing,
		v.by_share AND s.n_cost < s.n AS cost_missing,
		v.shares_form OR (v.by_ownership AND NOT v.key_normalize) AS own_exact
	FROM v JOIN s USING (agreement_id, seq)
)
`

// versionSharesArgs are the arguments of versionShares.
func versionSharesArgs() []any {
	return []any{pgdialect.Array(formsWhere(cooperation.Form.RequiresShares)),
		string(cooperation.BasisOwnership), string(cooperation.BasisShare)}
}

// formsWhere returns the forms for which is holds.
func formsWhere(is func(cooperation.Form) bool) []string {
	var out []string
	for _, f := range cooperation.Forms() {
		if is(f) {
			out = append(out, string(f))
		}
	}
	return out
}

// municipalKinds returns the kinds that may host (munireg.Kind.Municipal).
func municipalKinds() []string {
	var out []string
	for _, k := range munireg.Kinds() {
		if k.Municipal() {
			out = append(out, string(k))
		}
	}
	return out
}

// disallowedParticipants returns "form kind" for every form and kind of
// organization the form does not allow as a participant
// (cooperation.Form.Allows).
func disallowedParticipants() []string {
	var out []string
	for _, f := range cooperation.Forms() {
		for _, k := range munireg.Kinds() {
			if !f.Allows(k) {
				out = append(out, string(f)+" "+string(k))
			}
		}
	}
	return out
}

// auditCurrent finds the records the audit log does not record as they
// stand. Arguments, in order: the record types of positions (twice), flows
// (twice), agreements (twice), forums (twice), organizations, owner lists,
// balances and successions. Positions and flows, the many, are compared with
// their snapshots as two sets (EXCEPT), which PostgreSQL hashes, rather than
// probed one by one. A snapshot's dates are compared by their first ten
// characters, the date, whether written as a date or as midnight UTC.
const auditCurrent = `SELECT ARRAY[bad.id::text], CASE
	WHEN NOT EXISTS (SELECT 1 FROM audit AS au WHERE au.record_type = ? AND au.record_id = bad.id AND (au.after->>'revision')::bigint = bad.version)
	THEN format('the audit log has no snapshot of this position at its revision %s', bad.version)
	ELSE format('this position is not what the audit log recorded at its revision %s', bad.version) END
FROM (SELECT id, version, owner_id, entity_id, economic, voting, share_class, held, outstanding, book_value,
		valid_from, valid_to, purpose, category
	FROM position
	EXCEPT
	SELECT record_id, (after->>'revision')::bigint, (after->>'owner')::uuid, (after->>'entity')::uuid, (after->>'economic')::numeric,
		(after->>'voting')::numeric, coalesce(after->>'shareClass', ''), coalesce((after->>'held')::bigint, 0),
		coalesce((after->>'outstanding')::bigint, 0), (after->>'bookValue')::numeric, left(after->>'validFrom', 10)::date,
		left(after->>'validTo', 10)::date, coalesce(after->>'purpose', ''), coalesce(after->>'category', '')
	FROM audit WHERE record_type = ?) AS bad
UNION ALL
SELECT ARRAY[bad.id::text], CASE
	WHEN NOT EXISTS (SELECT 1 FROM audit AS au WHERE au.record_type = ? AND au.record_id = bad.id AND (au.after->>'revision')::bigint = bad.version)
	THEN format('the audit log has no snapshot of this flow at its revision %s', bad.version)
	ELSE format('this flow is not what the audit log recorded at its revision %s', bad.version) END
FROM (SELECT id, version, owner_id, entity_id, kind, year, paid, amount, direction
	FROM flow
	EXCEPT
	SELECT record_id, (after->>'revision')::bigint, (after->>'owner')::uuid, (after->>'entity')::uuid, after->>'kind', (after->>'year')::int,
		left(after->>'paid', 10)::date, (after->>'amount')::numeric, coalesce(after->>'direction', '')
	FROM audit WHERE record_type = ?) AS bad
UNION ALL
SELECT ARRAY[a.id::text], CASE
	WHEN NOT EXISTS (SELECT 1 FROM audit AS au WHERE au.record_type = ? AND au.record_id = a.id AND (au.after->>'revision')::bigint = a.version)
	THEN format('the audit log has no snapshot of agreement "%s" at its revision %s', a.name, a.version)
	ELSE format('agreement "%s" is not what the audit log recorded at its revision %s', a.name, a.version) END
FROM agreement AS a
WHERE NOT EXISTS (SELECT 1 FROM audit AS au WHERE au.record_type = ? AND au.record_id = a.id
	AND (au.after->>'revision')::bigint = a.version AND au.after->>'name' = a.name AND au.after->>'form' = a.form
	AND coalesce(au.after->>'orgNumber', '') = coalesce(a.org_number, ''))
UNION ALL
SELECT ARRAY[fo.id::text], CASE
	WHEN NOT EXISTS (SELECT 1 FROM audit AS au WHERE au.record_type = ? AND au.record_id = fo.id AND (au.after->>'revision')::bigint = fo.version)
	THEN format('the audit log has no snapshot of forum "%s" at its revision %s', fo.name, fo.version)
	ELSE format('forum "%s" is not what the audit log recorded at its revision %s', fo.name, fo.version) END
FROM forum AS fo
WHERE NOT EXISTS (SELECT 1 FROM audit AS au WHERE au.record_type = ? AND au.record_id = fo.id
	AND (au.after->>'revision')::bigint = fo.version AND au.after->>'name' = fo.name
	AND coalesce(au.after->>'description', '') = fo.description)
UNION ALL
SELECT ARRAY[o.id::text], format('organization "%s" (revision %s) is not what the audit log recorded last, at revision %s',
	o.name, o.version, s.after->>'revision')
FROM organization AS o
JOIN LATERAL (SELECT au.after FROM audit AS au WHERE au.record_type = ? AND au.record_id = o.id
	ORDER BY (au.after->>'revision')::bigint DESC LIMIT 1) AS s ON true
WHERE NOT ((s.after->>'revision')::bigint <= o.version AND s.after->>'name' = o.name AND s.after->>'kind' = o.kind
	AND coalesce(s.after->>'orgNumber', '') = coalesce(o.org_number, '')
	AND (s.after->>'validFrom')::date IS NOT DISTINCT FROM o.valid_from AND (s.after->>'validTo')::date IS NOT DISTINCT FROM o.valid_to)
UNION ALL
SELECT ARRAY[l.entity_id::text], format('the audit log has no row recording the owner list of "%s" as it stands', o.name)
FROM owner_list AS l JOIN organization AS o ON o.id = l.entity_id
WHERE NOT EXISTS (SELECT 1 FROM audit AS au WHERE au.record_type = ? AND au.record_id = l.entity_id
	AND (au.after->>'Complete')::boolean = l.complete AND au.after->>'Tolerance' = l.tolerance AND (au.after->>'Places')::int = l.places)
UNION ALL
SELECT ARRAY[b.entity_id::text, b.owner_id::text], format('the audit log has no row recording the %s balance of "%s" with "%s" on %s as it stands',
	b.kind, ow.name, en.name, b.date)
FROM balance AS b JOIN organization AS ow ON ow.id = b.owner_id JOIN organization AS en ON en.id = b.entity_id
WHERE NOT EXISTS (SELECT 1 FROM audit AS au WHERE au.record_type = ? AND au.record_id = b.entity_id
	AND au.after->>'owner' = b.owner_id::text AND au.after->>'kind' = b.kind AND left(au.after->>'date', 10)::date = b.date
	AND (au.after->>'amount')::numeric = b.amount)
UNION ALL
SELECT ARRAY[sc.predecessor_id::text, sc.successor_id::text], format('the audit log has no row recording that "%s" succeeded "%s" on %s',
	su.name, pr.name, sc.effective)
FROM organization_succession AS sc JOIN organization AS pr ON pr.id = sc.predecessor_id JOIN organization AS su ON su.id = sc.successor_id
WHERE NOT EXISTS (SELECT 1 FROM audit AS au WHERE au.record_type = ? AND au.record_id = sc.predecessor_id
	AND au.after->>'successor' = sc.successor_id::text AND left(au.after->>'effective', 10)::date = sc.effective)`

// shareSumCandidates selects, in order of entity and date, each entity and
// date at which its owners' share sums may break ownership.CheckShares'
// rule: the dates where the sums change (before every start, each start
// and each end), the sums there by a running total of the positions that
// start and end, and the owner list's declaration. A share counted as held
// / outstanding shares is truncated to 40 places; the sums are then exact
// to within 10^-40 for each such share, and a date is selected whenever the
// exact sum could break the rule. Its one argument is
// ownership.ToleranceRounded.
const shareSumCandidates = `WITH terms AS (
	SELECT entity_id, coalesce(valid_from, '-infinity') AS d_from, valid_to AS d_to, voting,
		CASE WHEN share_class = '' AND outstanding > 0 THEN div(held * 1e40, outstanding) * 1e-40 ELSE economic END AS e,
		share_class = '' AND outstanding > 0 AND mod(held * 1e40, outstanding) <> 0 AS inexact
	FROM position
), events AS (
	SELECT entity_id, d_from AS d, 1 AS n, e, coalesce(voting, e) AS v, inexact::int AS ke, (voting IS NULL AND inexact)::int AS kv
	FROM terms
	UNION ALL
	SELECT entity_id, d_to, -1, -e, -coalesce(voting, e), -inexact::int, -(voting IS NULL AND inexact)::int
	FROM terms WHERE d_to IS NOT NULL
), sums AS (
	SELECT entity_id, d, sum(sum(n)) OVER w AS n, sum(sum(e)) OVER w AS e, sum(sum(v)) OVER w AS v,
		sum(sum(ke)) OVER w AS ke, sum(sum(kv)) OVER w AS kv
	FROM events GROUP BY entity_id, d
	WINDOW w AS (PARTITION BY entity_id ORDER BY d)
)
SELECT s.entity_id, nullif(s.d, '-infinity') AS d
FROM sums AS s LEFT JOIN owner_list AS l ON l.entity_id = s.entity_id
CROSS JOIN LATERAL (SELECT CASE WHEN l.tolerance = ? THEN s.n * 5 * power(10::numeric, -(l.places + 1)) ELSE 0 END AS slack) AS t
WHERE s.n > 0 AND (s.e + s.ke * 1e-40 > 1 + t.slack OR s.v + s.kv * 1e-40 > 1 + t.slack
	OR (coalesce(l.complete, false) AND s.e < 1 - t.slack))
ORDER BY s.entity_id, s.d NULLS FIRST`

// findShareSums checks the rule of position-share-sum: PostgreSQL selects
// the entities and dates where a sum may break it (shareSumCandidates),
// and ownership.CheckShares, the write path's own check, gives the verdict
// and says what is wrong, exactly. Each entity breaking a rule is reported
// once per sum (economic, voting), at the first date it breaks it.
func findShareSums(ctx context.Context, db bun.IDB, limit int) ([]Violation, int, error) {
	var candidates []struct {
		EntityID string     `bun:"entity_id"`
		Date     *time.Time `bun:"d"`
	}
	if err := db.NewRaw(shareSumCandidates, string(ownership.ToleranceRounded)).Scan(ctx, &candidates); err != nil {
		return nil, 0, err
	}
	if len(candidates) == 0 {
		return nil, 0, nil
	}
	var entities []string
	dates := map[string][]time.Time{}
	for _, c := range candidates {
		if _, ok := dates[c.EntityID]; !ok {
			entities = append(entities, c.EntityID)
		}
		dates[c.EntityID] = append(dates[c.EntityID], dateOf(c.Date))
	}
	var out []Violation
	for chunk := range slices.Chunk(entities, shareSumChunk) {
		found, err := checkEntityShareSums(ctx, db, chunk, dates)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, found...)
	}
	return out[:min(len(out), limit)], len(out), nil
}

// shareSumChunk is how many entities' positions findShareSums holds in
// memory at once: in a clean register the candidates are few (shares
// counted in shares whose sums come within 10^-40 of a bound), but a
// register broken wholesale may make every entity one.
const shareSumChunk = 1000

// checkEntityShareSums reads the positions and owner lists of entities and
// checks each at its dates.
func checkEntityShareSums(ctx context.Context, db bun.IDB, entities []string, dates map[string][]time.Time) ([]Violation, error) {
	var rows []positionRow
	if err := db.NewSelect().Model(&rows).Where("p.entity_id IN (?)", bun.List(entities)).Scan(ctx); err != nil {
		return nil, err
	}
	positions := map[string][]ownership.Position{}
	for _, r := range rows {
		p := r.toPosition()
		// As the share was written (0.5, not 0.50000000000000000000), for
		// Position.Validate, which compares a share counted in shares to
		// the places it is written with.
		p.Economic = decimal.RequireFromString(p.Economic.String())
		positions[r.EntityID] = append(positions[r.EntityID], p)
	}
	all, err := ownerLists(ctx, db, entities)
	if err != nil {
		return nil, err
	}
	lists := map[string][]ownership.OwnerList{}
	for _, l := range all {
		lists[l.Entity] = append(lists[l.Entity], l)
	}
	var out []Violation
	for _, e := range entities {
		out = append(out, shareSumViolations(e, positions[e], lists[e], dates[e])...)
	}
	return out, nil
}

// shareSumViolations checks one entity's positions at the dates given, in
// ascending order, and reports each sum that breaks the rule at the first
// of them, with how many more do.
func shareSumViolations(entity string, positions []ownership.Position, lists []ownership.OwnerList, dates []time.Time) []Violation {
	var out []Violation
	first := map[string]int{} // field → index in out
	later := map[string]int{}
	for _, d := range dates {
		_, err := ownership.CheckShares(positions, lists, d)
		var errs munireg.ValidationErrors
		if !errors.As(err, &errs) {
			continue
		}
		for _, v := range errs {
			if v.Field != "positions[*].economic" && v.Field != "positions[*].voting" {
				continue // a position's own faults are other rules'
			}
			if _, seen := first[v.Field]; seen {
				later[v.Field]++
				continue
			}
			msg := v.Err.Error()
			if d.IsZero() {
				msg += " (that is, before any of its positions begins)"
			}
			first[v.Field] = len(out)
			out = append(out, Violation{IDs: []string{entity}, Message: msg})
		}
	}
	for field, n := range later {
		dates := "dates"
		if n == 1 {
			dates = "date"
		}
		out[first[field]].Message += fmt.Sprintf(", and at %d later %s", n, dates)
	}
	return out
}
