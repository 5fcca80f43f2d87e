# tests/: shared test helpers; each folder registers its own tests in its local.mk.
EXTRA_DIST += tests/lib.sh
