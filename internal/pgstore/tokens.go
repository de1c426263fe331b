package pgstore

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
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
//
// Authentication asks this on every request, so the tokens found are kept
// in memory (by hash, never the secret) for as long as no token has changed
// anywhere (see Store.Generation): a revocation, by this process or any
// other on the database, takes effect for the next request. Secrets of no
// token are not kept.
func (s *Store) FindTokenBySecret(ctx context.Context, secret string) (munireg.Token, error) {
	if !strings.HasPrefix(secret, tokenPrefix) || len(secret) > 100 {
		return munireg.Token{}, munireg.ErrNotFound
	}
	hash := hashSecret(secret)
	gen, cacheable := s.tokenGeneration()
	row, hit := s.tokens.get(hash, gen)
	if !hit || !cacheable {
		row = tokenRow{}
		if err := s.selectTokens(&row).Where("hash = ?", hash).Scan(ctx); err != nil {
			return munireg.Token{}, storeError(err)
		}
		if subtle.ConstantTimeCompare(row.Hash, hash) != 1 {
			return munireg.Token{}, munireg.ErrNotFound
		}
	}
	// A revoked token authenticates nothing, so it is not used either.
	if row.RevokedAt == nil && (row.LastUsedAt == nil || time.Since(*row.LastUsedAt) >= lastUseResolution) {
		var used time.Time // a new value: the old one may be the cache's
		if err := s.db.NewUpdate().Model((*tokenRow)(nil)).Set("last_used_at = now()").Where("id = ?", row.ID).
			Returning("last_used_at").Scan(ctx, &used); err != nil {
			return munireg.Token{}, storeError(err)
		}
		row.LastUsedAt = &used
	}
	if cacheable {
		s.tokens.put(hash, gen, row)
	}
	return toToken(row), nil
}

// maxCachedTokens bounds the tokens kept in memory; when it is reached they
// are forgotten all at once (a register has a handful of tokens: this is a
// guard, not a policy).
const maxCachedTokens = 10_000

// tokenCache keeps the tokens found by their hashes, each with the token
// generation it was read at.
type tokenCache struct {
	mu   sync.Mutex
	rows map[[sha256.Size]byte]cachedToken
}

type cachedToken struct {
	gen uint64
	row tokenRow
}

// get returns the token of hash if it was read at generation gen.
func (c *tokenCache) get(hash []byte, gen uint64) (tokenRow, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.rows[[sha256.Size]byte(hash)]
	return e.row, ok && e.gen == gen
}

// put keeps the token of hash, read at generation gen.
func (c *tokenCache) put(hash []byte, gen uint64, row tokenRow) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rows == nil || len(c.rows) >= maxCachedTokens {
		c.rows = map[[sha256.Size]byte]cachedToken{}
	}
	c.rows[[sha256.Size]byte(hash)] = cachedToken{gen: gen, row: row}
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
	// A copy of the organizations: row may be the token cache's.
	orgs := append([]string{}, row.Organizations...)
	return munireg.Token{ID: row.ID, Name: row.Name, Role: munireg.Role(row.Role), Created: row.CreatedAt.UTC(),
		LastUsed: dateOf(row.LastUsedAt), Revoked: dateOf(row.RevokedAt), Organizations: orgs}
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
