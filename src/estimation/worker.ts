/** The worker-thread entry of the trial pool: one BLAS thread per worker, then one trial per task. */
import { setThreads } from '../backend/select';
import { runTrial } from './trial';

setThreads(1);

export default runTrial;
