package pgstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/munireg/munireg"
)

// recordToken is the audit log's record type of API tokens.
const recordToken = "token"

// tokenPrefix starts every secret, so that one found in a log or a
// repository is recognizable as a munireg token.
const tokenPrefix = "mr_"

type tokenRow struct {
	bun.BaseModel `bun:"table:api_token,alias:t"`
	ID            string     `bun:"id,pk,type:uuid" json:"id"`
	Name          string     `bun:"name" json:"name"`
	Role          string     `bun:"role" json:"role"`
	Hash          []byte     `bun:"hash" json:"-"`
	CreatedAt     time.Time  `bun:"created_at,nullzero,default:now()" json:"created"`
	LastUsedAt    *time.Time `bun:"last_used_at" json:"-"`
	RevokedAt     *time.Time `bun:"revoked_at" json:"revoked,omitempty"`
	Organizations []string   `bun:"organizations,array,scanonly" json:"-"`
}

// selectTokens is a query of tokens into rows with their organizations, in
// one statement (authentication runs it on every request).
func (s *Store) selectTokens(rows any) *bun.SelectQuery {
	return s.db.NewSelect().Model(rows).ColumnExpr("t.*").
		ColumnExpr("ARRAY(SELECT sc.organization_id::text FROM api_token_scope AS sc WHERE sc.token_id = t.id ORDER BY 1) AS organizations")
}

type tokenScopeRow struct {
	bun.BaseModel  `bun:"table:api_token_scope"`
	TokenID        string `bun:"token_id,pk,type:uuid"`
	OrganizationID string `bun:"organization_id,pk,type:uuid"`
}

// hashSecret is what the register keeps of a secret. A SHA-256 of 256
// random bits cannot be reversed or guessed, so no slow hash is needed, and
// looking it up by its unique index leaks nothing through timing.
func hashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// CreateToken makes a new API token (munireg.Token.Validate; an editor's
// organizations must be in the register: "organizations[i]" wrapping
// munireg.ErrNotFound) and returns it with the secret, which is shown this
// once and kept only as a hash.
func (s *Store) CreateToken(ctx context.Context, t munireg.Token) (munireg.Token, string, error) {
	if err := t.Validate(); err != nil {
		return munireg.Token{}, "", err
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b) // never fails on Linux
	secret := tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	t.ID = newID()
	err := s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		if err := actor.MayAdminister(); err != nil {
			return err
		}
		refs := make(map[string]string, len(t.Organizations))
		for i, o := range t.Organizations {
			refs[fmt.Sprintf("organizations[%d]", i)] = o
		}
		if err := checkOrganizations(ctx, tx, refs); err != nil {
			return err
		}
		row := tokenRow{ID: t.ID, Name: t.Name, Role: string(t.Role), Hash: hashSecret(secret)}
		if err := tx.NewInsert().Model(&row).Returning("created_at").Scan(ctx, &row.CreatedAt); err != nil {
			return err
		}
		t.Created = row.CreatedAt.UTC()
		scope := make([]tokenScopeRow, len(t.Organizations))
		for i, o := range t.Organizations {
			scope[i] = tokenScopeRow{TokenID: t.ID, OrganizationID: o}
		}
		if err := insertRows(ctx, tx, scope); err != nil {
			return err
		}
		return audit(ctx, tx, actor, actionCreate, recordToken, t.ID, nil, map[string]any{
			"id": t.ID, "name": t.Name, "role": t.Role, "organizations": t.Organizations})
	})
	if err != nil {
		return munireg.Token{}, "", err
	}
	return t, secret, nil
}

// lastUseResolution is how finely a token's last use is recorded: a token
// in steady use is written once a minute, not on every request.
const lastUseResolution = time.Minute

// FindTokenBySecret returns the token a secret belongs to, revoked or not
// (the caller decides), and records its use (to the minute); a secret of no
// token gives munireg.ErrNotFound.
//
// The secret is found by the SHA-256 of it in a unique index. Timing can
// tell an attacker at most how far into the index a hash of their choosing
// got, which says nothing about a secret they do not have; the stored hash
// is still compared in constant time before the token is accepted.
func (s *Store) FindTokenBySecret(ctx context.Context, secret string) (munireg.Token, error) {
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 100 {
		return munireg.Token{}, munireg.ErrNotFound
	}
	hash := hashSecret(secret)
	var row tokenRow
	if err := s.selectTokens(&row).Where("hash = ?", hash).Scan(ctx); err != nil {
		return munireg.Token{}, storeError(err)
	}
	if subtle.ConstantTimeCompare(row.Hash, hash) != 1 {
		return munireg.Token{}, munireg.ErrNotFound
	}
	// A revoked token authenticates nothing, so it is not used either.
	if row.RevokedAt == nil && (row.LastUsedAt == nil || time.Since(*row.LastUsedAt) >= lastUseResolution) {
		if err := s.db.NewUpdate().Model((*tokenRow)(nil)).Set("last_used_at = now()").Where("id = ?", row.ID).
			Returning("last_used_at").Scan(ctx, &row.LastUsedAt); err != nil {
			return munireg.Token{}, storeError(err)
		}
	}
	return toToken(row), nil
}

// FindTokenByID returns a token, revoked or not; unknown IDs give
// munireg.ErrNotFound.
func (s *Store) FindTokenByID(ctx context.Context, id string) (munireg.Token, error) {
	if err := checkID(id); err != nil {
		return munireg.Token{}, err
	}
	var row tokenRow
	if err := s.selectTokens(&row).Where("t.id = ?", id).Scan(ctx); err != nil {
		return munireg.Token{}, storeError(err)
	}
	return toToken(row), nil
}

func toToken(row tokenRow) munireg.Token {
	if row.Organizations == nil {
		row.Organizations = []string{}
	}
	return munireg.Token{ID: row.ID, Name: row.Name, Role: munireg.Role(row.Role), Created: row.CreatedAt.UTC(),
		LastUsed: dateOf(row.LastUsedAt), Revoked: dateOf(row.RevokedAt), Organizations: row.Organizations}
}

// FindTokens lists every token, revoked ones included, oldest first.
func (s *Store) FindTokens(ctx context.Context) ([]munireg.Token, error) {
	var rows []tokenRow
	if err := s.selectTokens(&rows).OrderExpr("t.created_at, t.id").Scan(ctx); err != nil {
		return nil, storeError(err)
	}
	out := make([]munireg.Token, len(rows))
	for i, r := range rows {
		out[i] = toToken(r)
	}
	return out, nil
}

// RevokeToken revokes a token from now on; revoking it again changes
// nothing. Unknown IDs give munireg.ErrNotFound.
func (s *Store) RevokeToken(ctx context.Context, id string) error {
	if err := checkID(id); err != nil {
		return err
	}
	return s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		if err := actor.MayAdminister(); err != nil {
			return err
		}
		var row tokenRow
		if err := tx.NewSelect().Model(&row).Where("id = ?", id).For("UPDATE").Scan(ctx); err != nil {
			return err
		}
		if row.RevokedAt != nil {
			return nil
		}
		if _, err := tx.NewUpdate().Model((*tokenRow)(nil)).Set("revoked_at = now()").Where("id = ?", id).Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, actor, actionEnd, recordToken, id, map[string]any{"id": id, "name": row.Name},
			map[string]any{"id": id, "name": row.Name, "revoked": true})
	})
}
