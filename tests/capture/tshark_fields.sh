#!/bin/bash
# Field checks against an independent dissector: for corpus files with
# Ethernet/ARP/IPv4/IPv6 frames, the addresses and protocol netwhy extracts
# (pcap_decode --fields) equal tshark's, frame by frame, first occurrence of
# each field (the outer header when tunnels nest).
#   NW_TSHARK_FILES="a.pcap b.pcap" overrides the list; NW_TSHARK_ALL=1 runs the whole corpus
#   and reports agreement instead of failing.
. "$NW_SRCDIR/tests/lib.sh"
nw_require_cmd tshark
DEC=$NW_BUILDDIR/tests/capture/pcap_decode
CORPUS=$NW_SHARED/corpus/tcpdump-tests
[ -x "$DEC" ] || nw_fail "missing $DEC"
[ -d "$CORPUS" ] || nw_skip "no corpus at $CORPUS"
# Chosen for plain Ethernet, VLAN, cooked and raw IP framing with ARP, IPv4, IPv6
# (extension headers, fragments), ICMP, ICMPv6/NDP, TCP and UDP.
default_files="802.1ad_QinQ.pcap icmpv6.pcap ipv6-routing-header.pcap LINKTYPE_RAW_ipv4.pcap
LINKTYPE_RAW_ipv6.pcap LINKTYPE_IPV4.pcap LINKTYPE_IPV6.pcap dns_udp.pcap dns_tcp.pcap
dhcpv6-ia-na.pcap icmpv6-ra-pref64.pcap icmpv6-ns-nonce.pcap icmpv6-rfc7112.pcap
ipv6-srh-ext-header.pcap ip6_frag_asan.pcap ipv6_no_next_header.pcap ipv4_tcp_http_xml.pcap
ntp-time.pcap mptcp-v1.pcap igmpv3-queries.pcap bgp-orf.pcapng bgp-role.pcapng time_2107.pcapng
dhcp-option-108.pcapng ipv6_mobility_1.pcap accecn_handshake.pcap espudp1.pcap arp-oobr.pcap"
files=${NW_TSHARK_FILES:-$default_files}
[ "${NW_TSHARK_ALL:-}" = 1 ] && files=$(cd "$CORPUS" && ls)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
nfiles=0 nframes=0 nfields=0 diffs=0 bad_files=()
for f in $files; do
  path=$CORPUS/$f
  [ -r "$path" ] || { nw_note "missing $path"; bad_files+=("$f(missing)"); continue; }
  # tshark prints nothing for a field a frame lacks; ip.proto only for IPv4.
  timeout 60 tshark -n -r "$path" -T fields -E separator=/t -E occurrence=f \
    -e eth.src -e eth.dst -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst \
    -e arp.src.proto_ipv4 -e arp.dst.proto_ipv4 -e ip.proto -e _ws.col.Protocol \
    2>/dev/null | cut -f1-9 >"$tmp/ts" || true
  "$DEC" --fields "$path" >"$tmp/nw" 2>/dev/null || { bad_files+=("$f(decode)"); continue; }
  # Our 9th column is the IPv4 protocol only when IPv4 is the first IP layer.
  awk -F'\t' -v OFS='\t' '{ if ($3 == "") $9 = ""; print }' "$tmp/nw" | cut -f1-9 >"$tmp/nw2"
  awk -F'\t' -v OFS='\t' '{ if ($3 == "") $9 = ""; print }' "$tmp/ts" | cut -f1-9 >"$tmp/ts2"
  n=$(wc -l <"$tmp/ts2")
  nfiles=$((nfiles + 1)) nframes=$((nframes + n)) nfields=$((nfields + n * 9))
  if ! cmp -s "$tmp/ts2" "$tmp/nw2"; then
    d=$(paste -d'\n' "$tmp/ts2" "$tmp/nw2" | awk -F'\t' 'NR%2==1{split($0,a,"\t"); next}
      { split($0,b,"\t"); for (i = 1; i <= 9; i++) if (a[i] != b[i]) n++ } END { print n+0 }')
    [ "$(wc -l <"$tmp/nw2")" -eq "$n" ] || d=$((d + 9))
    diffs=$((diffs + d)) bad_files+=("$f($d)")
    [ "${NW_TSHARK_ALL:-}" = 1 ] || { diff <(head -5 "$tmp/ts2") <(head -5 "$tmp/nw2") | sed 's/^/# /'; }
  fi
done
nw_note "tshark agreement: $nfiles files, $nframes frames, $((nfields - diffs))/$nfields fields equal"
[ ${#bad_files[@]} -eq 0 ] || nw_note "files that differ: ${bad_files[*]}"
[ "${NW_TSHARK_ALL:-}" = 1 ] && exit 0
[ ${#bad_files[@]} -eq 0 ] || nw_fail "fields differ from tshark in ${#bad_files[@]} files"
echo "PASS: $nfiles files, $nframes frames, all fields equal to tshark's"
