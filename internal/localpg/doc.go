// Package localpg runs a private PostgreSQL cluster from the machine's own
// PostgreSQL installation. It is munireg's local mode (`munireg serve` with no
// database URL) and the throwaway database server of the tests.
//
// A cluster lives in one directory of munireg's, laid out as
//
//	<dir>/lock          held (flock) by the process that runs the cluster
//	<dir>/pgdata/       the PostgreSQL data directory (initdb creates it)
//	<dir>/run/          the Unix socket directory
//	<dir>/postgres.log  the server's log
//	<dir>/password      the password of the "postgres" role, for loopback TCP
//
// The server listens on a Unix socket only, or also on 127.0.0.1 when asked;
// local connections are trusted (the socket directory is private), TCP
// connections need the password. The server process is a child of the calling
// process in its own process group: Ctrl-C in a terminal reaches munireg,
// which drains its work and then stops PostgreSQL; if munireg dies, the kernel
// asks PostgreSQL to shut down (fast) as well.
//
// PostgreSQL refuses to run as root. When the calling process is root, initdb
// and postgres run as the "postgres" system user, which owns pgdata/ and run/;
// every parent directory must be traversable by that user, and Start says so
// when one is not.
//
// Errors: ErrNoBinaries when no PostgreSQL server installation is found,
// ErrAlreadyRunning when another process holds the directory,
// ErrUnreachable when the postgres user cannot reach the directory.
package localpg
