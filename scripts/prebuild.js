// npm pack (prepack): builds the prebuilt addon the package ships, prebuilds/<platform>-<arch>/node.abi<N>.<libc>.node
// (the name the loader looks for, from dist/src/native/load.js), with OpenBLAS linked statically from
// libopenblas.a (DYNAMIC_ARCH: its kernels are chosen at run time), so a consumer on the same platform and Node major
// needs no compiler, cmake or system OpenBLAS. Linux x64 only; the build is incremental (native/build-prebuild).
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
function fail(message) {
  console.error(`prebuild: ${message}`);
  process.exit(1);
}
if (process.platform !== 'linux' || process.arch !== 'x64') fail(`the prebuilt addon is made on linux-x64, not ${process.platform}-${process.arch}`);
const libdir = spawnSync('pkg-config', ['--variable=libdir', 'openblas'], { encoding: 'utf8' });
const archive = libdir.status === 0 ? path.join(libdir.stdout.trim(), 'libopenblas.a') : '';
if (!archive || !fs.existsSync(archive)) fail('no libopenblas.a found through pkg-config (apt-get install libopenblas-dev pkg-config)');

const out = path.join(root, 'native', 'build-prebuild');
const cmakeJs = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });
const built = spawnSync(process.execPath, [cmakeJs, 'compile', '--directory', 'native', '--out', out, `--CDATTNSIM_OPENBLAS_STATIC=${archive}`],
  { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
if (built.status !== 0) fail('the static build failed (see above)');

const { prebuiltAddon } = require(path.join(root, 'dist', 'src', 'native', 'load.js'));
const target = prebuiltAddon();
fs.rmSync(path.join(root, 'prebuilds'), { recursive: true, force: true });
fs.mkdirSync(path.dirname(target), { recursive: true });
fs.copyFileSync(path.join(out, 'Release', 'attnsim.node'), target);
const ldd = spawnSync('ldd', [target], { encoding: 'utf8' }).stdout;
if (/openblas|gfortran|libstdc\+\+/.test(ldd)) fail(`${target} still links a shared library it should contain:\n${ldd}`);
console.log(`prebuild: ${path.relative(root, target)} (${(fs.statSync(target).size / 2 ** 20).toFixed(1)} MiB)`);
