#!/usr/bin/env bash
# Boots one Debian kernel under qemu-system-x86_64 (TCG: no KVM needed) with an emulated Intel IOMMU and a fixed set of
# emulated PCI devices, runs one bash script inside with the host's root as the guest's root (read-only 9p plus a
# tmpfs overlay), prints its stdout and stderr and exits with its exit code (124: timed out, 125: the guest never ran
# the command). The guest kernel command line carries the marker nvdra.realkernel=guest; code that writes /sys
# checks it first.
#
# Usage: boot.sh <6.1|6.12> <script> [timeout-seconds]      Env: RK_MEM (MiB, default 1024), RK_SMP (default 2)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
series="${1:?kernel series (6.1 or 6.12)}"; script="${2:?script}"; limit="${3:-600}"
dir="$("$here/initramfs.sh" "$series")"
run="$(mktemp -d -t rk-run.XXXXXX)"
trap 'rm -rf "$run"' EXIT
{
  echo 'export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  echo 'export HOME=/root TERM=dumb LANG=C.UTF-8 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1'
  printf 'cd %q\n' "$PWD"
  printf '%s\n' "$script"
} > "$run/cmd.sh"
printf 'RK_RUNDIR=%q\n' "$run" > "$run/guest.env"

# Fixed addresses (the tests name them). The IOMMU groups they form, identical on 6.1 and 6.12:
#   03.0 e1000e                      one function alone in its group
#   04.0 + 04.1 e1000                a two-function slot in one group (like a GPU's video and audio functions)
#   05.0 root port -> 01:00.0 virtio-net-pci
#   06.0 edu                         a device no driver claims
#   07.0 PCIe-to-PCI bridge -> 02:01.0, 02:02.0 e1000: bridge and both devices in one group
#   10.0, 11.0 virtio-9p             the guest's root and run share: never touched by tests
devices=(
  -device e1000e,addr=03.0
  -device e1000,addr=04.0,multifunction=on -device e1000,addr=04.1
  -device pcie-root-port,id=rp1,chassis=1,slot=1,addr=05.0 -device virtio-net-pci,bus=rp1,addr=00.0
  -device edu,addr=06.0
  -device pcie-pci-bridge,id=br1,addr=07.0 -device e1000,bus=br1,addr=01.0 -device e1000,bus=br1,addr=02.0
)
qemu=(qemu-system-x86_64 -machine q35,accel=tcg -cpu max -smp "${RK_SMP:-2}" -m "${RK_MEM:-1024}"
  -nodefaults -no-user-config -display none -no-reboot
  -device intel-iommu,intremap=on,caching-mode=on
  -kernel "$dir/vmlinuz" -initrd "$dir/initramfs.cpio.gz"
  -append "console=ttyS0 panic=-1 intel_iommu=on quiet loglevel=4 rdinit=/init nvdra.realkernel=guest"
  -chardev "file,id=con,path=$run/console.log" -serial chardev:con
  -fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap
  -device virtio-9p-pci,fsdev=root,mount_tag=hostroot,addr=10.0
  -fsdev "local,id=run,path=$run,security_model=none,multidevs=remap"
  -device virtio-9p-pci,fsdev=run,mount_tag=rkrun,addr=11.0
  "${devices[@]}")
set +e
timeout -k 5 "$limit" "${qemu[@]}" > "$run/qemu.log" 2>&1
qrc=$?
set -e
[ -f "$run/stdout" ] && cat "$run/stdout"
[ -f "$run/stderr" ] && cat "$run/stderr" >&2
if [ -f "$run/rc" ]; then exit "$(cat "$run/rc")"; fi
if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then rc=124; echo "boot.sh: $series timed out after ${limit}s" >&2
else rc=125; echo "boot.sh: the $series guest did not run the command (qemu exit $qrc)" >&2; fi
{ echo "----- guest console -----"; tail -n 40 "$run/console.log"; echo "----- qemu -----"; grep -v 'has no peer' "$run/qemu.log"; } >&2 || true
exit "$rc"
