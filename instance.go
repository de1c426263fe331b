package munireg

import (
	"errors"
	"time"
)

// Instance identifies one register: a database created by munireg gets a
// random ID when it is first migrated, and keeps it for its lifetime.
type Instance struct {
	// ID is a UUID in its canonical textual form.
	ID string
	// CreatedAt is when the register was created.
	CreatedAt time.Time
	// Schema is the name of the newest database migration applied.
	Schema string
}

// ErrUnavailable means the register's storage cannot be reached just now;
// the same request may succeed when tried again.
var ErrUnavailable = errors.New("munireg: storage unavailable")
