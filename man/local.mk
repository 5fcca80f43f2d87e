# man/: the manual page, the bash completion, the Debian packaging and the
# tests that keep them true.  See the top-level Makefile.am for the shared
# variables.
dist_man_MANS = man/netwhy.8

# Bash completion: where bash-completion's pkg-config file says, relative to
# our own prefix and datadir (so `make install` under any prefix and
# distcheck's stay inside the prefix), else bash-completion's usual place
# under $(datadir).
bashcompletiondir = $(or $(shell $(PKG_CONFIG) --define-variable=prefix='$(prefix)' \
	--define-variable=datadir='$(datadir)' --variable=completionsdir bash-completion \
	2>/dev/null),$(datadir)/bash-completion/completions)
bashcompletion_DATA = completion/netwhy
CLEANFILES += completion/netwhy
EXTRA_DIST += completion/netwhy.in

# The completion looks for installed themes and lab scenarios in pkgdatadir.
completion/netwhy: completion/netwhy.in Makefile
	$(AM_V_GEN)$(MKDIR_P) completion && \
	sed -e 's|@pkgdatadir[@]|$(pkgdatadir)|g' $(srcdir)/completion/netwhy.in >$@.tmp && \
	mv -f $@.tmp $@

# The Debian packaging travels in the tarball (dpkg-buildpackage works from it).
EXTRA_DIST += debian/changelog debian/control debian/copyright debian/rules \
	debian/source/format debian/test-package.sh

# Docs tests: the man page renders without warnings and names every option of
# --help; the completion offers every option, lab scenarios, themes,
# namespaces and their interfaces; the .deb builds, installs, runs and
# removes cleanly (only with CI=true or NW_TEST_DEB=1: it takes minutes).
NW_DOCS_TESTS = tests/docs/man.sh tests/docs/completion.sh tests/docs/deb.sh
TESTS += $(NW_DOCS_TESTS)
check_SCRIPTS += completion/netwhy
EXTRA_DIST += $(NW_DOCS_TESTS)

# `make installcheck` (distcheck runs it): the installed netwhy runs and finds
# its installed lab; the man page and the completion are where they belong.
# With DESTDIR the binary's compiled-in paths point outside it: only the
# files are checked then.
installcheck-local:
	$(DESTDIR)$(sbindir)/netwhy --version | grep -qx 'netwhy $(PACKAGE_VERSION)'
	test -f '$(DESTDIR)$(man8dir)/netwhy.8'
	test -f '$(DESTDIR)$(bashcompletiondir)/netwhy'
	test -f '$(DESTDIR)$(pkgdatadir)/themes/default.theme'
	test -x '$(DESTDIR)$(pkglibexecdir)/nwlab-connect'
	if test -z '$(DESTDIR)'; then \
	  env -u NW_LAB_DIR -u NW_LAB_BIN $(sbindir)/netwhy lab list | grep -q '^htb-arp-drop ' && \
	  env -u NW_LAB_DIR -u NW_LAB_BIN $(sbindir)/netwhy lab describe healthy >/dev/null; \
	fi

# configure's exit trap runs `rm -f core *.core ... && rm -f -r conftest*
# confdefs* ...`: in a build tree that has our core/ directory the first rm
# fails and confdefs.h stays behind, which fails distcheck's distcleancheck.
DISTCLEANFILES += confdefs.h
