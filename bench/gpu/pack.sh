#!/usr/bin/env bash
# Builds what travels to a lent GPU machine (no Node.js, no network there) into .gpu/ at the repo
# root (git-ignored through .git/info/exclude): the check bundled by esbuild, the few packages it
# loads at run time, Dawn's linux-x64 binary, this machine's Node binary (xz) and the Vulkan/EGL
# loader .debs. bench/gpu/run-on-device.sh runs it there. See bench/gpu/README.md.
#
# The @tensorflow packages stay packages (their Node builds only) instead of being inlined:
# core/training/mlp/backends.ts loads @tensorflow/tfjs-backend-webgpu by a variable specifier
# after checking it resolves, which a bundle cannot inline, and that package must share one
# @tensorflow/tfjs-core with the trainer, so tfjs cannot be inlined either.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=.gpu
[ -d node_modules/esbuild ] || { echo "pack: node_modules is missing; run npm install first" >&2; exit 1; }
grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >>.git/info/exclude
mkdir -p "$out/gl"
rm -rf "$out/node_modules" "$out/mlp-gpu-check.mjs"

# 1. The check, with the repository's own code and small dependencies inlined. onnxruntime-node
# (imported by core/onnx/session.ts, which the MLP model's ONNX export reaches; the check never
# opens a session) is replaced by a stub that says so if it is ever called.
node --input-type=module - "$out/mlp-gpu-check.mjs" <<'EOF'
import { build } from 'esbuild';
const onnxruntimeStub = {
  name: 'onnxruntime-stub',
  setup(context) {
    context.onResolve({ filter: /^onnxruntime-node$/ }, () => ({ path: 'onnxruntime-node', namespace: 'stub' }));
    context.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({
      contents: "const missing = () => { throw new Error('onnxruntime-node is not in the GPU check bundle'); }; export const InferenceSession = { create: missing }; export class Tensor { constructor() { missing(); } }",
      loader: 'js',
    }));
  },
};
await build({
  entryPoints: ['bench/gpu/mlp-gpu-check.ts'],
  outfile: process.argv[2],
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  external: ['webgpu', '@tensorflow/*'],
  plugins: [onnxruntimeStub],
  // Bundled CommonJS code calls require(); an ESM bundle has none of its own.
  banner: { js: "import { createRequire as __mlwbCreateRequire } from 'node:module'; const require = __mlwbCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
EOF

# 2. Run-time packages: each @tensorflow package's package.json and Node build (its "main"), the
# wasm binaries, and the small packages those builds require, resolved as Node resolves them.
node --input-type=module - "$out/node_modules" <<'EOF'
import { cpSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
const target = process.argv[2];
const root = path.resolve('node_modules');
const copy = (from) => {
  const to = path.join(target, path.relative(root, from));
  mkdirSync(path.dirname(to), { recursive: true });
  cpSync(from, to, { recursive: true });
};
const tensorflow = ['tfjs', 'tfjs-core', 'tfjs-layers', 'tfjs-converter', 'tfjs-data', 'tfjs-backend-cpu', 'tfjs-backend-webgl', 'tfjs-backend-wasm', 'tfjs-backend-webgpu'];
const plain = new Map();
for (const name of tensorflow) {
  const folder = path.join(root, '@tensorflow', name);
  const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8'));
  copy(path.join(folder, 'package.json'));
  copy(path.join(folder, manifest.main));
  // tfjs 4.22 runs no WebAssembly threads under Node, so the threaded binary stays behind.
  if (name === 'tfjs-backend-wasm') for (const file of readdirSync(path.join(folder, 'dist'))) if (file.endsWith('.wasm') && !file.includes('threaded')) copy(path.join(folder, 'dist', file));
  const source = readFileSync(path.join(folder, manifest.main), 'utf8');
  for (const [, specifier] of source.matchAll(/require\(['"]([^'"./][^'"]*)['"]\)/g)) {
    const bare = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
    if (bare.startsWith('@tensorflow/') || createRequire(import.meta.url).resolve.paths(bare) === null) continue;
    plain.set(bare, folder);
  }
}
// Plain packages are small: copied whole, with their dependencies.
const queue = [...plain];
const done = new Set();
while (queue.length) {
  const [name, from] = queue.shift();
  let manifestPath;
  try {
    manifestPath = createRequire(path.join(from, 'package.json')).resolve(`${name}/package.json`);
  } catch {
    console.error(`pack: ${name} (required from ${path.relative(root, from)}) is not installed; skipped`);
    continue;
  }
  const folder = path.dirname(manifestPath);
  if (done.has(folder)) continue;
  done.add(folder);
  copy(folder);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  for (const dependency of Object.keys(manifest.dependencies ?? {})) if (!dependency.startsWith('@types/')) queue.push([dependency, folder]);
}
EOF

# 3. Dawn: the loader and the linux-x64 binary only (index.js imports nothing else); the binary
# travels xz-compressed (21 MB → about 6) and run-on-device.sh unpacks it beside index.js.
mkdir -p "$out/node_modules/webgpu/dist/linux-x64"
cp node_modules/webgpu/package.json node_modules/webgpu/index.js "$out/node_modules/webgpu/"
dawn=node_modules/webgpu/dist/linux-x64/dawn.node
if [ ! -s "$out/dawn.node.xz" ] || [ "$dawn" -nt "$out/dawn.node.xz" ]; then
  xz -T0 -9 -c "$dawn" >"$out/dawn.node.xz.tmp"
  mv "$out/dawn.node.xz.tmp" "$out/dawn.node.xz"
fi

# 4. Node itself, compressed once per Node binary (xz -9 of 99 MB takes minutes on two cores).
node_binary=$(command -v node)
stamp="$(node --version) $(stat -c %s "$node_binary")"
if [ ! -s "$out/node.xz" ] || [ "$(cat "$out/node.stamp" 2>/dev/null)" != "$stamp" ]; then
  echo "pack: compressing $node_binary ($stamp)" >&2
  xz -T0 -9 -c "$node_binary" >"$out/node.xz.tmp"
  mv "$out/node.xz.tmp" "$out/node.xz"
  echo "$stamp" >"$out/node.stamp"
fi

# 5. The Vulkan and EGL loaders (the device image has the NVIDIA driver but maybe not these),
# downloaded once, per /work/.library/device/README.md.
if ! ls "$out"/gl/libvulkan1_*.deb >/dev/null 2>&1; then
  lists=$(mktemp -d)
  mkdir -p "$lists/partial"
  apt_options=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists="$lists")
  apt-get "${apt_options[@]}" update >/dev/null
  (cd "$out/gl" && apt-get "${apt_options[@]}" download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2)
  rm -rf "$lists"
fi

total=$(du -sm "$out" | cut -f1)
du -sh "$out"/* >&2
echo "pack: $out holds ${total} MiB" >&2
if [ "$total" -gt 60 ]; then echo "pack: $out is ${total} MiB, over the 60 MiB kept under the 64 MiB transfer limit" >&2; exit 1; fi
