/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * pcapng constants (draft-ietf-opsawg-pcapng) and netwhy's own records in
 * it, shared by the writer and the reader.  Internal to capture/.
 *
 * netwhy's records are blocks of a type from the range pcapng reserves for
 * local use (NW_PCAPNG_NW_BLOCK, bit 31 set): other readers (Wireshark,
 * tshark, tcpdump) skip them without a word, so a recording looks like any
 * capture there: only packets in the frame list, every one with its time.
 * Each record starts with a magic naming what it is.  Recordings made
 * before (layout version 1) carried the same records in Custom Blocks
 * (0x00000BAD) after the documentation-only PEN 32473, which Wireshark
 * listed as frames without a time, and the L2 flags in an EPB custom
 * option: the reader still reads both.
 *
 * - Kernel events: a record NW_PCAPNG_EV_MAGIC "NWEV", u16 layout version, u16 header length (24),
 *   u32 event size, u32 reserved (0), u64 wall-clock ns, then the struct
 *   nw_event bytes in the section's byte order (the writer's host order).
 *   The layout version names the layout of struct nw_event (every offset
 *   and size, unions included): NW_PCAPNG_EV_VERSION is this build's, and
 *   tests/unit/test_capture_pcapng.c fails when the struct changes without
 *   it.  A change that only appends fields to a member of the union keeps
 *   older files readable as they are (the appended fields read as zero,
 *   which every appended field takes as "not known"): the reader lays every
 *   version from NW_PCAPNG_EV_VERSION_MIN on over its own struct.  A change
 *   that moves a field also raises NW_PCAPNG_EV_VERSION_MIN (or brings a
 *   conversion in the reader).  The reader skips and counts events of a
 *   newer version, of another byte order, or bigger than its own.
 * - Namespace names: a record "NWNS", u16 version (1),
 *   u16 header length (16), u64 inode, then the name (NUL-padded), written
 *   before the first event or interface of that namespace, so a replay names
 *   namespaces that had kernel events but no captured packets.
 * - Kernel value names: a record "NWNM", u16 version (1),
 *   u16 header length (16), u32 table (0: enum skb_drop_reason), u32 count,
 *   then count entries of u32 value, u8 length, the name (no NUL), padded to
 *   4 at the end; written once after the SHB, so a replay on another kernel
 *   (whose enum differs) names the drops as the recording kernel did.
 * - Per-packet L2 classification: a record "NWL2" and u32 l2_flags, written
 *   just before the packet's EPB (and after any block the packet needs
 *   first), so a replay restores exactly what the live run concluded; the
 *   sentence is the packet's standard opt_comment.
 */
#ifndef NW_CAPTURE_PCAPNG_H
#define NW_CAPTURE_PCAPNG_H

#define NW_PCAPNG_SHB 0x0A0D0D0Au
#define NW_PCAPNG_IDB 0x00000001u
#define NW_PCAPNG_PB_OBSOLETE 0x00000002u
#define NW_PCAPNG_SPB 0x00000003u
#define NW_PCAPNG_EPB 0x00000006u
#define NW_PCAPNG_NW_BLOCK 0x80004E57u /* local use: netwhy's records ("NW") */
#define NW_PCAPNG_CB_COPY 0x00000BADu
#define NW_PCAPNG_CB_NOCOPY 0x40000BADu
#define NW_PCAPNG_BYTE_ORDER 0x1A2B3C4Du

#define NW_PCAPNG_OPT_END 0
#define NW_PCAPNG_OPT_COMMENT 1
#define NW_PCAPNG_OPT_CUSTOM_BIN 2989
#define NW_PCAPNG_IF_NAME 2
#define NW_PCAPNG_IF_DESCRIPTION 3
#define NW_PCAPNG_IF_MACADDR 6
#define NW_PCAPNG_IF_TSRESOL 9
#define NW_PCAPNG_SHB_USERAPPL 4
#define NW_PCAPNG_EPB_FLAGS 2

#define NW_PCAPNG_PEN 32473u
#define NW_PCAPNG_EV_MAGIC 0x4E574556u /* "NWEV" */
#define NW_PCAPNG_EV_VERSION 2     /* the layout this build writes */
#define NW_PCAPNG_EV_VERSION_MIN 1 /* the oldest it reads (older ones are prefixes of it) */
#define NW_PCAPNG_EV_HDRLEN 24
#define NW_PCAPNG_NS_MAGIC 0x4E574E53u /* "NWNS" */
#define NW_PCAPNG_L2_MAGIC 0x4E574C32u /* "NWL2" */
#define NW_PCAPNG_NM_MAGIC 0x4E574E4Du /* "NWNM" */
#define NW_PCAPNG_NM_DROP_REASON 0u

/* Largest block the reader accepts: a 256 KiB snapshot plus options, with room. */
#define NW_PCAPNG_MAX_BLOCK (16u << 20)

#endif
