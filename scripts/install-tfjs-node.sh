#!/usr/bin/env bash
# npm run oracle:tfjs-node: installs @tensorflow/tfjs-node (the oracle's 'tensorflow' backend) from parts
# reachable without libtensorflow's own download: the C library out of the tensorflow-cpu wheel (pip),
# tfjs-node from the npm registry, and tfjs-node's own build against them. Idempotent; `npm ci` removes it.
set -euo pipefail
cd "$(dirname "$0")/.."

TF_WHEEL_VERSION=2.21.0
TFJS_NODE_VERSION=4.22.0
PKG=node_modules/@tensorflow/tfjs-node
export TF_CPP_MIN_LOG_LEVEL=1

fail() {
  echo "oracle:tfjs-node: $*" >&2
  exit 1
}

# A small matMul on the 'tensorflow' backend: the proof that the install works.
prove() {
  node -e "
    const tf = require('@tensorflow/tfjs-node');
    if (tf.getBackend() !== 'tensorflow') throw new Error('backend is ' + tf.getBackend());
    const c = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]])).arraySync();
    if (JSON.stringify(c) !== '[[17],[39]]') throw new Error('matMul gave ' + JSON.stringify(c));
    console.log('oracle:tfjs-node: @tensorflow/tfjs-node ' + require('@tensorflow/tfjs-node/package.json').version +
      ' works: backend tensorflow, [[1,2],[3,4]]·[[5],[6]] = ' + JSON.stringify(c));
  "
}

if [ -f "$PKG/package.json" ] && prove 2>/dev/null; then
  exit 0
fi

[ "$(uname -s)" = Linux ] && [ "$(uname -m)" = x86_64 ] ||
  fail "this script needs Linux on x86_64 (tensorflow-cpu's manylinux wheel); here: $(uname -s) $(uname -m)." \
    "Where libtensorflow's download is reachable, use: npm install --no-save @tensorflow/tfjs-node@$TFJS_NODE_VERSION"
for tool in c++ make python3 strip; do
  command -v "$tool" >/dev/null || fail "no '$tool' on PATH: tfjs-node's build needs a C++ compiler, make and python3" \
    "(Debian: apt-get install g++ make python3 binutils)."
done
python3 -m pip --version >/dev/null 2>&1 || fail "python3 has no pip: it fetches tensorflow-cpu's wheel for libtensorflow."
NODE_PREFIX=$(node -p "require('path').resolve(process.execPath, '..', '..')")
[ -f "$NODE_PREFIX/include/node/node_api.h" ] ||
  fail "no Node headers under $NODE_PREFIX/include/node (node-gyp would try to download them)."

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "oracle:tfjs-node: fetching tensorflow-cpu==$TF_WHEEL_VERSION (its libtensorflow) with pip"
python3 -m pip download --quiet --no-deps --only-binary=:all: --python-version 3.11 \
  --platform manylinux_2_27_x86_64 --dest "$work" "tensorflow-cpu==$TF_WHEEL_VERSION" ||
  fail "pip could not fetch tensorflow-cpu==$TF_WHEEL_VERSION (cp311 manylinux_2_27_x86_64) from its index (see pip's message above)."
wheel=$(ls "$work"/tensorflow_cpu-*.whl 2>/dev/null | head -1)
[ -n "$wheel" ] || fail "pip reported success but left no tensorflow_cpu wheel in $work."

python3 - "$wheel" "$work/tf" <<'EOF' || fail "the wheel lacks libtensorflow or its C API headers."
import re, sys, zipfile
wanted = re.compile(r'^tensorflow/(libtensorflow_(cc|framework)\.so\.2$|include/(tensorflow/c/|tsl/c/|xla/tsl/c/'
                    r'|tensorflow/core/platform/ctstring|tsl/platform/ctstring))')
with zipfile.ZipFile(sys.argv[1]) as z:
    names = [n for n in z.namelist() if wanted.match(n) and not n.endswith('/')]
    for lib in ('tensorflow/libtensorflow_cc.so.2', 'tensorflow/libtensorflow_framework.so.2', 'tensorflow/include/tensorflow/c/c_api.h'):
        if lib not in names:
            sys.exit(f'missing {lib}')
    z.extractall(sys.argv[2], names)
EOF
rm -f "$wheel"

echo "oracle:tfjs-node: npm install @tensorflow/tfjs-node@$TFJS_NODE_VERSION (its download script skipped)"
npm install --no-save --save-optional --ignore-scripts --no-audit --no-fund "@tensorflow/tfjs-node@$TFJS_NODE_VERSION" ||
  fail "npm could not install @tensorflow/tfjs-node@$TFJS_NODE_VERSION from the registry."

lib="$PKG/deps/lib"
rm -rf "$PKG/deps"
mkdir -p "$lib" "$PKG/deps/include"
for so in libtensorflow_cc.so.2 libtensorflow_framework.so.2; do
  mv "$work/tf/tensorflow/$so" "$lib/$so"
  strip --strip-unneeded "$lib/$so" || fail "strip failed on $so"
done
cp -r "$work/tf/tensorflow/include/." "$PKG/deps/include/"
# tfjs-node links -ltensorflow -ltensorflow_framework and looks for libtensorflow.so.2.9.1 (its expected version).
for name in libtensorflow.so libtensorflow.so.2 libtensorflow.so.2.9.1; do ln -sf libtensorflow_cc.so.2 "$lib/$name"; done
for name in libtensorflow_framework.so libtensorflow_framework.so.2.9.1; do ln -sf libtensorflow_framework.so.2 "$lib/$name"; done

echo "oracle:tfjs-node: building tfjs-node's addon against it"
(cd "$PKG" && ../../.bin/node-pre-gyp install --build-from-source --nodedir="$NODE_PREFIX") ||
  (cd "$PKG" && npx --no-install node-pre-gyp install --build-from-source --nodedir="$NODE_PREFIX") ||
  fail "tfjs-node's build (node-pre-gyp install --build-from-source) failed; see the compiler's message above."

prove || fail "tfjs-node built but does not run a matMul on the 'tensorflow' backend (see above)."
