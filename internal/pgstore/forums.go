package pgstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/uptrace/bun"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
)

// recordForum is the audit log's record type of forums.
const recordForum = "forum"

type forumRow struct {
	bun.BaseModel `bun:"table:forum,alias:fo"`
	ID            string `bun:"id,pk,type:uuid" json:"id"`
	Version       int64  `bun:"version" json:"revision"`
	Name          string `bun:"name" json:"name"`
	Description   string `bun:"description" json:"description,omitempty"`
}

type forumMemberRow struct {
	bun.BaseModel  `bun:"table:forum_member"`
	ForumID        string `bun:"forum_id,pk,type:uuid"`
	OrganizationID string `bun:"organization_id,pk,type:uuid"`
}

// forumSnapshot is a forum as the audit log records it.
type forumSnapshot struct {
	forumRow
	Owners []string `json:"owners"`
}

// CreateForum stores a named group of owners (ownership.Forum.Validate;
// every member in the register: "owners[i]" wrapping munireg.ErrNotFound,
// i counting the members as given; a second forum of the same name: "name"
// wrapping munireg.ErrExists) and returns it with its ID, revision 1 and
// its members in order of ID.
func (s *Store) CreateForum(ctx context.Context, f ownership.Forum) (ownership.Forum, error) {
	f.ID, f.Revision = newID(), 1
	if err := f.Validate(); err != nil {
		return ownership.Forum{}, err
	}
	err := s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		if err := actor.MayAdminister(); err != nil {
			return err
		}
		if err := checkMembers(ctx, tx, f.Owners); err != nil {
			return err
		}
		f.Owners = sortedMembers(f.Owners) // stored members come back in ID order
		if err := writeForum(ctx, tx, f, true); err != nil {
			return err
		}
		return audit(ctx, tx, actor, actionCreate, recordForum, f.ID, nil, snapshotForum(f))
	})
	if err != nil {
		return ownership.Forum{}, err
	}
	return f, nil
}

func snapshotForum(f ownership.Forum) forumSnapshot {
	return forumSnapshot{forumRow{ID: f.ID, Version: f.Revision, Name: f.Name, Description: f.Description}, f.Owners}
}

// checkMembers reports members not in the register as "owners[i]", i
// counting them as given.
func checkMembers(ctx context.Context, tx bun.Tx, owners []string) error {
	refs := make(map[string]string, len(owners))
	for i, o := range owners {
		refs[fmt.Sprintf("owners[%d]", i)] = o
	}
	return checkOrganizations(ctx, tx, refs)
}

func sortedMembers(owners []string) []string {
	out := slices.Clone(owners)
	slices.SortFunc(out, strings.Compare)
	return out
}

// writeForum inserts (or, with create false, updates) the forum row and
// replaces its members.
func writeForum(ctx context.Context, tx bun.Tx, f ownership.Forum, create bool) error {
	row := forumRow{ID: f.ID, Version: f.Revision, Name: f.Name, Description: f.Description}
	if create {
		if _, err := tx.NewInsert().Model(&row).Exec(ctx); err != nil {
			return err
		}
	} else {
		if _, err := tx.NewUpdate().Model(&row).Column("version", "name", "description").
			Set("updated_at = now()").WherePK().Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model((*forumMemberRow)(nil)).Where("forum_id = ?", f.ID).Exec(ctx); err != nil {
			return err
		}
	}
	members := make([]forumMemberRow, len(f.Owners))
	for i, o := range f.Owners {
		members[i] = forumMemberRow{ForumID: f.ID, OrganizationID: o}
	}
	return insertRows(ctx, tx, members)
}

// FindForumByID returns a stored forum with its members in the order of
// their IDs; unknown IDs give munireg.ErrNotFound.
func (s *Store) FindForumByID(ctx context.Context, id string) (ownership.Forum, error) {
	if err := checkID(id); err != nil {
		return ownership.Forum{}, err
	}
	f, err := findForum(ctx, s.db, id, false)
	return f, storeError(err)
}

func findForum(ctx context.Context, db bun.IDB, id string, forUpdate bool) (ownership.Forum, error) {
	var row forumRow
	q := db.NewSelect().Model(&row).Where("id = ?", id)
	if forUpdate {
		q = q.For("UPDATE")
	}
	if err := q.Scan(ctx); err != nil {
		return ownership.Forum{}, err
	}
	var members []string
	if err := db.NewSelect().TableExpr("forum_member").Column("organization_id").Where("forum_id = ?", id).
		OrderExpr("organization_id").Scan(ctx, &members); err != nil {
		return ownership.Forum{}, err
	}
	return ownership.Forum{ID: row.ID, Revision: row.Version, Name: row.Name, Description: row.Description,
		Owners: members}, nil
}

// FindForums lists the stored forums in order of name (byte order; there
// are few), members included.
func (s *Store) FindForums(ctx context.Context) ([]ownership.Forum, error) {
	var rows []forumRow
	if err := s.db.NewSelect().Model(&rows).OrderExpr("fo.name, fo.id").Scan(ctx); err != nil {
		return nil, storeError(err)
	}
	out := make([]ownership.Forum, 0, len(rows))
	for _, r := range rows {
		f, err := findForum(ctx, s.db, r.ID, false)
		if err != nil {
			return nil, storeError(err)
		}
		out = append(out, f)
	}
	return out, nil
}

// UpdateForum applies u if the forum's revision is still revision, and
// returns it with the next revision (munireg.ErrConflict when stale).
func (s *Store) UpdateForum(ctx context.Context, id string, revision int64, u ownership.ForumUpdate) (ownership.Forum, error) {
	if err := checkID(id); err != nil {
		return ownership.Forum{}, err
	}
	var after ownership.Forum
	err := s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		before, err := findForum(ctx, tx, id, true)
		if err != nil {
			return err
		}
		if err := actor.MayAdminister(); err != nil {
			return err
		}
		if before.Revision != revision {
			return munireg.ErrConflict
		}
		after = before
		set(&after.Name, u.Name)
		set(&after.Description, u.Description)
		if u.Owners != nil {
			after.Owners = *u.Owners
		}
		after.Revision = revision + 1
		if err := after.Validate(); err != nil {
			return err
		}
		if err := checkMembers(ctx, tx, after.Owners); err != nil {
			return err
		}
		after.Owners = sortedMembers(after.Owners)
		if err := writeForum(ctx, tx, after, false); err != nil {
			return err
		}
		return audit(ctx, tx, actor, actionUpdate, recordForum, id, snapshotForum(before), snapshotForum(after))
	})
	if err != nil {
		return ownership.Forum{}, err
	}
	return after, nil
}
