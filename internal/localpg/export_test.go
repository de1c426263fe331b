package localpg

// Abandon releases the directory without stopping the server, as a process
// that died without cleaning up would (if PostgreSQL outlived it). It
// returns the server's process ID.
func (c *Cluster) Abandon() int {
	c.release()
	return c.cmd.Process.Pid
}
