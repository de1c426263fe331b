// Command munireg is the munireg register's one binary.
//
// Usage:
//
//	munireg serve    [flags]   serve the HTTP API (local mode when no database URL is given)
//	munireg migrate  [flags]   bring the database schema up to date
//	munireg check    [flags]   verify every rule of the register (exit 0 clean, 1 violations, 2 trouble)
//	munireg openapi  [--yaml]  print the OpenAPI 3.1 document
//	munireg version            print the build's version
//
// Configuration comes from flags, or from MUNIREG_* environment variables
// named after them (--database-url is MUNIREG_DATABASE_URL); a flag wins.
//
// Local mode: with no database URL, munireg runs a private PostgreSQL
// cluster from the machine's PostgreSQL installation in its data directory
// (default ./.munireg), listening only on a Unix socket there, and stops it
// on shutdown. The data persists between runs. With --demo, an empty
// register is first filled with the 357 municipalities of 2024 and a worked
// example whose figures are illustrative.
package main
