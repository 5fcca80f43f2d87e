// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Every probe in one object: libbpf parses the kernel's BTF (5.5 MB, a
 * quarter of a second on a loaded VM) once per object it loads, for CO-RE
 * and the tp_btf attach targets, and has no way to be handed a parsed one.
 * The loader tries this object first; if it does not load (a program the
 * verifier refuses), it falls back to the four per-probe objects, which
 * find and leave out the refused programs probe by probe.
 */
#define NW_BPF_ONE_OBJECT 1

#include "probes/drops.bpf.c"
#include "probes/neigh.bpf.c"
#include "probes/qdisc.bpf.c"
#include "probes/sockerr.bpf.c"

char LICENSE[] SEC("license") = "GPL";
