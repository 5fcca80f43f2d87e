# probes/ netlink and namespace sources; see the top-level Makefile.am.
