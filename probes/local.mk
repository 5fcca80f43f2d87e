# probes/: BPF programs on tracepoints, their loader and decoder.
# See the top-level Makefile.am for the shared variables.

# --- vmlinux.h ---------------------------------------------------------------
# The BPF programs include $(builddir)/probes/vmlinux.h, made from the source
# configure chose (--with-vmlinux-h): the checked-in copy, the build host's
# BTF, or a given file.  See probes/vmlinux/README.
NW_VMLINUX_CHECKED_IN = $(srcdir)/probes/vmlinux/vmlinux.h
EXTRA_DIST += probes/vmlinux/vmlinux.h probes/vmlinux/README

probes/vmlinux.h: $(NW_VMLINUX_CHECKED_IN) $(VMLINUX_H_SRC)
	$(AM_V_GEN)$(MKDIR_P) probes && \
	case '$(VMLINUX_H_MODE)' in \
	btf) $(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > $@.tmp ;; \
	file) cp '$(VMLINUX_H_SRC)' $@.tmp ;; \
	*) cp '$(NW_VMLINUX_CHECKED_IN)' $@.tmp ;; \
	esac && mv -f $@.tmp $@

# Regenerates the checked-in copy from this machine's kernel (writes into the
# source tree; commit the result with the README line updated).
vmlinux-update:
	test -r /sys/kernel/btf/vmlinux || { echo "no /sys/kernel/btf/vmlinux: this kernel has no BTF" >&2; exit 1; }
	$(BPFTOOL) btf dump file /sys/kernel/btf/vmlinux format c > '$(NW_VMLINUX_CHECKED_IN).tmp'
	mv -f '$(NW_VMLINUX_CHECKED_IN).tmp' '$(NW_VMLINUX_CHECKED_IN)'
	sed -i "s/^Generated on .*/Generated on `date -u +%Y-%m-%d` from Linux `uname -r` (`uname -m`) with bpftool `$(BPFTOOL) version | sed -n 's/^bpftool v//p'`:/" '$(srcdir)/probes/vmlinux/README'
	@echo "updated $(NW_VMLINUX_CHECKED_IN) from `uname -r`"
.PHONY: vmlinux-update

# --- BPF objects and skeletons -----------------------------------------------
# clang compiles with -g (CO-RE needs the BTF); bpftool gen object then links
# the object alone, which drops the DWARF the skeleton need not embed.
NW_BPF_NAMES = drops neigh qdisc sockerr probes
NW_BPF_OBJS = $(NW_BPF_NAMES:%=probes/%.bpf.o)
NW_BPF_SKELS = $(NW_BPF_NAMES:%=probes/%.skel.h)
NW_BPF_HDRS = $(srcdir)/probes/nw_bpf.h $(srcdir)/probes/nw_records.h
# probes.bpf.c includes the four others (one object for all).
probes/probes.bpf.o: $(srcdir)/probes/drops.bpf.c $(srcdir)/probes/neigh.bpf.c \
	$(srcdir)/probes/qdisc.bpf.c $(srcdir)/probes/sockerr.bpf.c
EXTRA_DIST += $(NW_BPF_NAMES:%=probes/%.bpf.c) probes/nw_bpf.h
BUILT_SOURCES += probes/vmlinux.h $(NW_BPF_SKELS)
CLEANFILES += probes/vmlinux.h $(NW_BPF_OBJS) $(NW_BPF_SKELS)

# configure derives BPF_TARGET_ARCH from $host_cpu; should that come out empty
# (no AC_CANONICAL_HOST) the build machine's architecture is used.
NW_BPF_ARCH = $(or $(BPF_TARGET_ARCH),$(shell uname -m | sed -e 's/x86_64/x86/' \
	-e 's/aarch64/arm64/' -e 's/arm.*/arm/' -e 's/ppc64.*/powerpc/' -e 's/riscv64/riscv/'))
NW_BPF_CFLAGS = -g -O2 -target bpf -D__TARGET_ARCH_$(NW_BPF_ARCH) \
	-I$(builddir)/probes -I$(srcdir) $(BPF_IDIRAFTER) -Wall -Wno-unused-function

probes/%.bpf.o: probes/%.bpf.c probes/vmlinux.h $(NW_BPF_HDRS)
	$(AM_V_GEN)$(MKDIR_P) probes && $(CLANG) $(NW_BPF_CFLAGS) -c $< -o $@.tmp.o && \
	$(BPFTOOL) gen object $@ $@.tmp.o && rm -f $@.tmp.o

probes/%.skel.h: probes/%.bpf.o
	$(AM_V_GEN)$(BPFTOOL) gen skeleton $< name nw_$* > $@.tmp && mv -f $@.tmp $@

# --- loader and decoder library ----------------------------------------------
noinst_LIBRARIES += probes/libnwprobes.a
probes_libnwprobes_a_SOURCES = \
	probes/nw_records.h \
	probes/bpf_source.c probes/bpf_source.h probes/bpf_source_int.h \
	probes/bpf_source_probes.c probes/bpf_source_load.c probes/bpf_source_drain.c \
	probes/decode.c probes/decode.h \
	probes/btf_names.c probes/btf_names.h \
	probes/kallsyms.c probes/kallsyms.h
nodist_probes_libnwprobes_a_SOURCES = $(NW_BPF_SKELS)
probes_libnwprobes_a_CPPFLAGS = $(AM_CPPFLAGS) $(BPF_CFLAGS)
# BUILT_SOURCES covers `make all` and `make check`; this covers building the
# library (or anything linking it) as an explicit target.
probes/libnwprobes_a-bpf_source.$(OBJEXT) probes/libnwprobes_a-bpf_source_probes.$(OBJEXT) \
	probes/libnwprobes_a-bpf_source_load.$(OBJEXT): $(NW_BPF_SKELS)

NW_PROBES_LIBS = probes/libnwprobes.a core/libnwcore.a $(BPF_LIBS)

# --- tests -------------------------------------------------------------------
check_PROGRAMS += tests/unit/test_probes_decode tests/unit/test_probes_kallsyms \
	tests/unit/test_probes_btf_names tests/unit/test_probes_table tests/probes/bpf_dump
tests_unit_test_probes_decode_SOURCES = tests/unit/test_probes_decode.c
tests_unit_test_probes_decode_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_probes_decode_LDADD = $(NW_PROBES_LIBS) $(CMOCKA_LIBS)
tests_unit_test_probes_kallsyms_SOURCES = tests/unit/test_probes_kallsyms.c
tests_unit_test_probes_kallsyms_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS)
tests_unit_test_probes_kallsyms_LDADD = $(NW_PROBES_LIBS) $(CMOCKA_LIBS)
tests_unit_test_probes_btf_names_SOURCES = tests/unit/test_probes_btf_names.c
tests_unit_test_probes_btf_names_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) $(BPF_CFLAGS)
tests_unit_test_probes_btf_names_LDADD = $(NW_PROBES_LIBS) $(CMOCKA_LIBS)
tests_unit_test_probes_table_SOURCES = tests/unit/test_probes_table.c
tests_unit_test_probes_table_CPPFLAGS = $(AM_CPPFLAGS) $(CMOCKA_CFLAGS) $(BPF_CFLAGS)
tests_unit_test_probes_table_LDADD = $(NW_PROBES_LIBS) $(CMOCKA_LIBS)
tests_probes_bpf_dump_SOURCES = tests/probes/bpf_dump.c
tests_probes_bpf_dump_LDADD = $(NW_PROBES_LIBS)

NW_PROBES_SH_TESTS = tests/probes/bpf_otherhost.sh tests/probes/bpf_htb_arp.sh \
	tests/probes/bpf_ring_overrun.sh tests/probes/bpf_nocap.sh tests/probes/bpf_netlink.sh \
	tests/probes/bpf_qdisc.sh tests/probes/bpf_neigh_full.sh tests/probes/bpf_degrade.sh \
	tests/probes/bpf_drop_flood.sh
TESTS += tests/unit/test_probes_decode tests/unit/test_probes_kallsyms \
	tests/unit/test_probes_btf_names tests/unit/test_probes_table $(NW_PROBES_SH_TESTS)
EXTRA_DIST += $(NW_PROBES_SH_TESTS) tests/probes/lib_probes.sh \
	tests/data/probes/README tests/data/probes/records.hex

# libFuzzer target for the record decoder and the kallsyms parser
# (--enable-fuzzing, CC=clang).
if ENABLE_FUZZING
noinst_PROGRAMS += tests/unit/test_probes_fuzz
tests_unit_test_probes_fuzz_SOURCES = tests/unit/test_probes_fuzz.c
tests_unit_test_probes_fuzz_CFLAGS = $(AM_CFLAGS) $(NW_FUZZ_FLAGS)
tests_unit_test_probes_fuzz_LDADD = $(NW_PROBES_LIBS)
endif
EXTRA_DIST += tests/unit/test_probes_fuzz.c
