#!/usr/bin/env bash
# Packs the guest initramfs for one kernel series (static busybox, that kernel's modules, init) when it is missing or
# older than init. Prints the kernel's cache directory. Usage: initramfs.sh <6.1|6.12>
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${RK_CACHE:-$here/.cache}/${1:?series}"
[ -f "$dir/modules.list" ] || { echo "initramfs.sh: kernel $1 not installed; run eng/realkernel/install.sh" >&2; exit 1; }
out="$dir/initramfs.cpio.gz"
if [ ! -f "$out" ] || [ "$here/init" -nt "$out" ] || [ "$dir/modules.list" -nt "$out" ]; then
  root="$(mktemp -d -t rk-initramfs.XXXXXX)"
  mkdir -p "$root"/{bin,sbin,proc,sys,dev,lower,upper,root,run-share,tmp,lib/modules}
  cp /bin/busybox "$root/bin/busybox"
  cp "$dir"/modules/*.ko "$root/lib/modules/"
  cp "$dir/modules.list" "$root/modules.list"
  install -m 755 "$here/init" "$root/init"
  ( cd "$root" && find . -print0 | cpio --null -o -H newc --quiet | gzip -1 ) > "$out.tmp"
  mv "$out.tmp" "$out"
  rm -rf "$root"
fi
echo "$dir"
