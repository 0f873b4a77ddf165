#!/usr/bin/env bash
# npm run oracle:onnxruntime-node: installs onnxruntime-node (the ONNX export tests' runtime and the bench's peer) into
# .oracle/onnxruntime-node, a package tree of its own: `npm install --no-save` in the project would prune the other
# oracle (tfjs-node), and `npm ci` leaves this folder alone. Its CPU binary is inside the npm package; its postinstall,
# which would fetch GPU parts, is told to skip them (ONNXRUNTIME_NODE_INSTALL=skip). Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

ORT_VERSION=1.30.0
DIR=.oracle/onnxruntime-node
export ONNXRUNTIME_NODE_INSTALL=skip

fail() {
  echo "oracle:onnxruntime-node: $*" >&2
  exit 1
}

# A one-node graph (Add of two float32 inputs), written by attnsim's own ONNX writer, run on the CPU: the proof.
prove() {
  node -e "
    const { loadOnnxRuntime } = require('./dist/src/reference/onnxruntime');
    const { ort, version } = loadOnnxRuntime();
    const { encodeModel } = require('./dist/src/export/onnx_proto');
    const bytes = encodeModel({
      inputs: [{ name: 'a', dtype: 'float32', shape: [2] }, { name: 'b', dtype: 'float32', shape: [2] }],
      outputs: [{ name: 'c', dtype: 'float32', shape: [2] }],
      nodes: [{ op: 'Add', inputs: ['a', 'b'], outputs: ['c'] }], initializers: [],
    });
    ort.InferenceSession.create(bytes).then(async (s) => {
      const f = (v) => new ort.Tensor('float32', Float32Array.from(v), [2]);
      const c = Array.from((await s.run({ a: f([1, 2]), b: f([3, 4]) })).c.data);
      if (JSON.stringify(c) !== '[4,6]') throw new Error('Add gave ' + JSON.stringify(c));
      console.log('oracle:onnxruntime-node: onnxruntime-node ' + version + ' works: [1,2] + [3,4] = ' + JSON.stringify(c));
    }).catch((e) => { console.error(e.message); process.exit(1); });
  "
}

[ -f dist/src/export/onnx_proto.js ] || fail "build attnsim first (npx tsc -p tsconfig.json): the proof runs a graph it writes."
if [ -f "$DIR/node_modules/onnxruntime-node/package.json" ] && prove 2>/dev/null; then
  exit 0
fi

echo "oracle:onnxruntime-node: npm install onnxruntime-node@$ORT_VERSION into $DIR (GPU download skipped)"
rm -rf "$DIR"
mkdir -p "$DIR"
echo '{ "private": true, "description": "attnsim: the onnxruntime-node oracle (scripts/install-onnxruntime-node.sh)" }' >"$DIR/package.json"
npm install --prefix "$DIR" --save-exact --no-audit --no-fund "onnxruntime-node@$ORT_VERSION" ||
  fail "npm could not install onnxruntime-node@$ORT_VERSION from the registry (see npm's message above)."

prove || fail "onnxruntime-node installed but does not run a one-node graph (see above)."
