package pgstore

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/munireg/munireg"
)

// keyset says how a listing is ordered and paged: by a sort key, then by
// ID, both ascending or both descending; a page starts after the cursor of
// the last row of the page before.
type keyset[R any] struct {
	// table is the listing's table with its alias, for the count.
	table string
	// key and id are the SQL expressions of the sort key and the ID; an
	// empty key orders by ID alone.
	key, id string
	// desc orders newest (largest) first.
	desc bool
	// cursor returns a row's sort key and ID as text, for the cursor.
	cursor func(R) (key, id string)
	// parseKey turns a cursor's key back into the value SQL compares it
	// with; nil keeps the text.
	parseKey func(string) (any, error)
}

// page reads one page of a listing: how many rows filter selects in all,
// and up to limit (see pageLimit) of them after the cursor after, in the
// keyset's order. next is the cursor of the page after, empty on the last.
// A malformed cursor is a ValidationError on "after".
func (k keyset[R]) page(ctx context.Context, db bun.IDB, filter func(*bun.SelectQuery) *bun.SelectQuery,
	after string, limit int) (rows []R, total int, next string, err error) {
	limit = pageLimit(limit)
	n, err := filter(db.NewSelect().TableExpr(k.table)).Count(ctx)
	if err != nil {
		return nil, 0, "", storeError(err)
	}
	dir, beyond := "", ">"
	if k.desc {
		dir, beyond = " DESC", "<"
	}
	q := filter(db.NewSelect().Model(&rows)).Limit(int64(limit + 1))
	if k.key == "" {
		q = q.OrderExpr(k.id + dir)
	} else {
		q = q.OrderExpr(k.key + dir + ", " + k.id + dir)
	}
	if after != "" {
		key, id, err := decodeCursor(after)
		if err != nil {
			return nil, 0, "", err
		}
		if k.key == "" {
			q = q.Where(k.id+" "+beyond+" ?", id)
		} else {
			var v any = key
			if k.parseKey != nil {
				if v, err = k.parseKey(key); err != nil {
					return nil, 0, "", malformedCursor
				}
			}
			q = q.Where("("+k.key+", "+k.id+") "+beyond+" (?, ?)", v, id)
		}
	}
	if err := q.Scan(ctx); err != nil {
		return nil, 0, "", storeError(err)
	}
	if len(rows) > limit {
		rows = rows[:limit]
		next = encodeCursor(k.cursor(rows[limit-1]))
	}
	return rows, int(n), next, nil
}

// malformedCursor is the error of a cursor the store did not make.
var malformedCursor = munireg.ValidationErrors{{Field: "after", Err: fmt.Errorf("malformed cursor")}}

// pageLimit applies the default and the maximum page size.
func pageLimit(n int) int {
	switch {
	case n <= 0:
		return 100
	case n > 1000:
		return 1000
	}
	return n
}

// encodeCursor makes an opaque cursor of a sort key and an ID.
func encodeCursor(key, id string) string {
	b, _ := json.Marshal([2]string{key, id}) // strings always marshal
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(c string) (key, id string, err error) {
	var parts [2]string
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		err = json.Unmarshal(b, &parts)
	}
	if err != nil || checkID(parts[1]) != nil || munireg.CheckText(parts[0]) != nil {
		return "", "", malformedCursor
	}
	return parts[0], parts[1], nil
}
