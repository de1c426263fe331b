// Package pgstore keeps the munireg register in PostgreSQL, through bun with
// the pgdialect and the pgx/v5 database/sql driver.
//
// Open connects with sane pool limits; Migrate applies the embedded SQL
// migrations under migrations/ (each file in its own transaction, marked
// applied only when it succeeded). Every constraint is named so that driver
// errors turn into domain errors here, at the store boundary, and nowhere
// else.
//
// Subpackage pgtest gives tests a fresh, migrated database of their own.
package pgstore
