/** Runs a suite once per backend that loads here (native and js), restoring the backend afterwards. */
import { backendInfo, setBackend } from '../../src/backend/select';
import { nativeAvailable } from '../../src/backend/select';

/** The backends to test: js always; native unless ATTNSIM_BACKEND=js asks for the fallback alone. */
export function testedBackends(): ('native' | 'js')[] {
  if (process.env.ATTNSIM_BACKEND === 'js') return ['js'];
  return nativeAvailable() ? ['native', 'js'] : ['js'];
}

/** `describe(title [backend])` for each tested backend, with that backend selected inside. */
export function forEachBackend(title: string, body: (name: 'native' | 'js') => void): void {
  for (const name of testedBackends()) {
    describe(`${title} [${name}]`, () => {
      let before: 'native' | 'js';
      beforeEach(() => {
        before = backendInfo().native ? 'native' : 'js';
        setBackend(name);
      });
      afterEach(() => setBackend(before));
      body(name);
    });
  }
}
