#!/usr/bin/env bash
# Installs what the real-kernel harness needs and prepares one boot kernel per supported series.
#
# Host tools come from apt (qemu-system-x86, busybox-static, cpio, kmod, xz-utils). The guest kernels are Debian's
# own kernel packages, fetched with `apt-get download` and unpacked with `dpkg-deb -x` into the cache directory:
# they are never installed as this machine's kernel. Idempotent: a second run only checks.
#
# Usage: eng/realkernel/install.sh [6.1] [6.12]      (default: both)
# Env:   RK_CACHE  cache directory (default: eng/realkernel/.cache)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${RK_CACHE:-$here/.cache}"
series=("$@")
[ ${#series[@]} -gt 0 ] || series=(6.1 6.12)

die() { echo "install.sh: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (apt-get, and the guest's 9p share exposes / as root); run it as root"

updated=0
apt_update() { [ "$updated" = 1 ] || { apt-get update -qq >&2; updated=1; }; }

missing=()
command -v qemu-system-x86_64 >/dev/null || missing+=(qemu-system-x86)
[ -x /bin/busybox ] && dpkg -s busybox-static >/dev/null 2>&1 || missing+=(busybox-static)
command -v cpio >/dev/null || missing+=(cpio)
command -v depmod >/dev/null || missing+=(kmod)
command -v xz >/dev/null || missing+=(xz-utils)
if [ ${#missing[@]} -gt 0 ]; then
  echo "install.sh: installing ${missing[*]}" >&2
  apt_update
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi

# The series maps to a Debian meta package; the versioned image package it depends on is what we download.
meta_for() {
  case "$1" in
    6.1) echo linux-image-amd64 ;;        # bookworm's default kernel series
    6.12) echo linux-image-6.12-amd64 ;;  # bookworm-security
    *) die "unknown kernel series '$1' (supported: 6.1, 6.12)" ;;
  esac
}
resolve_pkg() {
  apt-cache depends "$1" 2>/dev/null | awk '/Depends: linux-image-[0-9]/{ print $2; exit }'
}

# Modules the guest loads (with their dependencies, in modules.dep order). Built-in ones are skipped.
wanted="virtio_pci 9pnet_virtio 9p overlay e1000 e1000e virtio_net vfio vfio_iommu_type1 vfio-pci pci-stub"

for s in "${series[@]}"; do
  meta="$(meta_for "$s")"
  pkg="$(resolve_pkg "$meta")"
  if [ -z "$pkg" ]; then apt_update; pkg="$(resolve_pkg "$meta")"; fi
  [ -n "$pkg" ] || die "no package provides kernel series $s ($meta); check the apt sources (bookworm-security for 6.12)"
  kver="${pkg#linux-image-}"
  dest="$cache/$s"
  if [ -f "$dest/kver" ] && [ "$(cat "$dest/kver")" = "$kver" ] && [ -f "$dest/modules.list" ]; then
    echo "install.sh: kernel $s is $kver (cached)" >&2
    continue
  fi
  echo "install.sh: fetching $pkg for series $s" >&2
  work="$(mktemp -d -t rk-install.XXXXXX)"; chmod 755 "$work"  # apt downloads as _apt
  ( cd "$work" && apt-get download -qq "$pkg" >&2 ) || { apt_update; ( cd "$work" && apt-get download -qq "$pkg" >&2 ); }
  dpkg-deb -x "$work"/"$pkg"_*.deb "$work/root"
  depmod -b "$work/root" "$kver"
  moddir="$work/root/lib/modules/$kver"
  rm -rf "$dest"; mkdir -p "$dest/modules"
  cp "$work/root/boot/vmlinuz-$kver" "$dest/vmlinuz"
  cp "$work/root/boot/config-$kver" "$dest/config"
  declare -A seen=(); order=()
  add() {  # $1: path as listed in modules.dep; dependencies first
    [ -n "${seen[$1]:-}" ] && return 0
    seen[$1]=1
    local d
    for d in $(awk -v m="$1:" '$1 == m { $1 = ""; print; exit }' "$moddir/modules.dep"); do add "$d"; done
    order+=("$1")
  }
  for w in $wanted; do
    p="$(awk -F: -v w="$w" '{ n = $1; sub(/.*\//, "", n); sub(/\.ko(\.xz|\.zst|\.gz)?$/, "", n); gsub(/-/, "_", n);
                              x = w; gsub(/-/, "_", x); if (n == x) { print $1; exit } }' "$moddir/modules.dep")"
    [ -n "$p" ] && add "$p"
  done
  for m in "${order[@]}"; do
    b="$(basename "$m")"; b="${b%.xz}"; b="${b%.zst}"; b="${b%.gz}"
    case "$m" in
      *.xz) xz -dc "$moddir/$m" > "$dest/modules/$b" ;;
      *.zst) zstd -dc "$moddir/$m" > "$dest/modules/$b" ;;
      *.gz) gzip -dc "$moddir/$m" > "$dest/modules/$b" ;;
      *) cp "$moddir/$m" "$dest/modules/$b" ;;
    esac
    echo "$b" >> "$dest/modules.list"
  done
  unset seen
  echo "$kver" > "$dest/kver"
  rm -rf "$work"
  echo "install.sh: kernel $s is $kver; modules: $(tr '\n' ' ' < "$dest/modules.list")" >&2
done
