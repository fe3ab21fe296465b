#!/bin/sh
# Installs every Debian/Ubuntu package this project needs, and only when one is missing.
# Works as root or through sudo. Run it from anywhere: ./common/setup.sh
set -eu

PACKAGES="gcc clang libclang-rt-dev make binutils nasm python3 gdb \
  qemu-system-x86 qemu-system-gui ovmf grub-pc-bin grub-efi-amd64-bin grub-common xorriso mtools \
  pandoc graphviz fonts-dejavu-core"

missing=""
for pkg in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done

if [ -z "$missing" ]; then
    echo "setup: all packages present ($(echo $PACKAGES | wc -w) checked)"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "setup: need root or sudo to install:$missing" >&2
    exit 1
fi

echo "setup: installing:$missing"
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
echo "setup: done"
