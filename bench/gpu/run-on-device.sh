#!/usr/bin/env bash
# Runs the MLP GPU check from .gpu/ (built by bench/gpu/pack.sh) on a machine that may have no
# Node.js: brings the Vulkan/EGL loaders where the NVIDIA driver is present but they are missing,
# unpacks Node into /tmp, runs the check under a timeout and tees everything into
# $OUT/gpu-check.log (OUT defaults to /tmp/gpu-out). Exits with the check's status.
#
# Environment: MLWB_GPU_CHECK_ROWS / _EPOCHS / _BACKENDS / _LOSS_TOLERANCE (see the check),
# MLWB_GPU_CHECK_TIMEOUT (seconds, default 200), MLWB_WEBGPU_FLAGS (Dawn toggles; leave it unset
# on a GPU machine so Dawn uses Vulkan; backend=opengles selects Mesa's software renderer).
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${OUT:-/tmp/gpu-out}
mkdir -p "$out"
log=$out/gpu-check.log
: >"$log"
say() { echo "[run-on-device] $*" | tee -a "$log" >&2; }
[ -s .gpu/mlp-gpu-check.mjs ] && [ -s .gpu/node.xz ] && [ -s .gpu/dawn.node.xz ] || { say ".gpu/ is incomplete: run bench/gpu/pack.sh first"; exit 1; }

say "host: $(uname -srm); $(nproc) CPUs"
driver=no
if command -v nvidia-smi >/dev/null; then
  nvidia-smi -L 2>&1 | tee -a "$log" >&2
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>&1 | tee -a "$log" >&2
  driver=yes
fi

# The loaders, only where a driver can use them and they are missing (never on a workstation).
if [ "$driver" = yes ] && ! { ldconfig -p | grep -q 'libvulkan\.so\.1' && ldconfig -p | grep -q 'libGLdispatch\.so\.0'; }; then
  say "unpacking the Vulkan/EGL loaders: $(ls .gpu/gl | tr '\n' ' ')"
  for f in .gpu/gl/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
nvidia_icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if [ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$nvidia_icd" ] && ! ls /usr/share/vulkan/icd.d/nvidia* /etc/vulkan/icd.d/nvidia* >/dev/null 2>&1; then
  export VK_DRIVER_FILES=$nvidia_icd
  egl_vendor=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
  [ -f "$egl_vendor" ] && export __EGL_VENDOR_LIBRARY_FILENAMES=$egl_vendor
fi
say "VK_DRIVER_FILES=${VK_DRIVER_FILES:-} MLWB_WEBGPU_FLAGS=${MLWB_WEBGPU_FLAGS:-}"
ldconfig -p | grep -E 'libvulkan\.so\.1|libGLdispatch\.so\.0|libGLX_nvidia|libEGL_nvidia' | tee -a "$log" >&2

# xz, or Python's lzma where the image has no xz.
unxz_to() {
  if command -v xz >/dev/null; then xz -dc "$1" >"$2"
  else python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; fi
}
dawn=.gpu/node_modules/webgpu/dist/linux-x64/dawn.node
if [ ! -s "$dawn" ] || [ .gpu/dawn.node.xz -nt "$dawn" ]; then
  unxz_to .gpu/dawn.node.xz "$dawn.tmp" && mv "$dawn.tmp" "$dawn"
fi
node=/tmp/mlwb-gpu-node/node
if [ ! -x "$node" ] || [ "$(cat /tmp/mlwb-gpu-node/stamp 2>/dev/null)" != "$(cat .gpu/node.stamp 2>/dev/null)" ]; then
  mkdir -p /tmp/mlwb-gpu-node
  unxz_to .gpu/node.xz "$node.tmp" && chmod +x "$node.tmp" && mv "$node.tmp" "$node"
  cp .gpu/node.stamp /tmp/mlwb-gpu-node/stamp 2>/dev/null
fi
say "node $("$node" --version)"

timeout "${MLWB_GPU_CHECK_TIMEOUT:-200}" "$node" .gpu/mlp-gpu-check.mjs 2>&1 | tee -a "$log"
status=${PIPESTATUS[0]}
say "check exited with $status"
if [ "$status" -ne 0 ] && [ "$driver" = yes ]; then
  # One short look at why, in the same call: what the Vulkan loader found.
  say "diagnostics: Vulkan loader messages while probing webgpu"
  ls -l /usr/share/vulkan/icd.d /etc/vulkan/icd.d /usr/local/nvidia/share/vulkan/icd.d 2>&1 | tee -a "$log" >&2
  VK_LOADER_DEBUG=error,warn,driver MLWB_GPU_CHECK_BACKENDS=webgpu MLWB_GPU_CHECK_ROWS=2000 MLWB_GPU_CHECK_EPOCHS=1 \
    timeout 60 "$node" .gpu/mlp-gpu-check.mjs 2>&1 | head -c 20000 | tee -a "$log" >&2
fi
exit "$status"
