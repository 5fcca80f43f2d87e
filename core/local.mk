# core/: see the top-level Makefile.am for the shared variables.
# The event core: no curses, pcap, libbpf or libnl (tests/layering.sh checks).
noinst_LIBRARIES += core/libnwcore.a
core_libnwcore_a_SOURCES = \
	core/event.c core/event.h \
	core/util.c core/util.h \
	core/ring.c core/ring.h \
	core/log.c core/log.h \
	core/names.c core/names.h \
	core/loop.c core/loop.h \
	core/bus.c core/bus.h \
	core/nsreg.c core/nsreg.h \
	core/json.c core/json.h
