package bench

// BuildRevision is buildRevision, for tests.
var BuildRevision = buildRevision
