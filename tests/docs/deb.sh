#!/bin/bash
# The Debian package builds, installs, runs and purges cleanly
# (debian/test-package.sh).  It takes minutes (a full build), so it runs
# only when CI=true or NW_TEST_DEB=1; otherwise it is skipped.
set -u
. "$NW_SRCDIR/tests/lib.sh"

if [ "${CI:-}" != true ] && [ "${NW_TEST_DEB:-}" != 1 ]; then
	echo "SKIP: building the .deb takes minutes: run with NW_TEST_DEB=1 (CI=true runs it)"
	exit 77
fi
nw_require_root
nw_require_cmd dpkg-buildpackage dh
bash "$NW_SRCDIR/debian/test-package.sh" "$NW_SRCDIR"
