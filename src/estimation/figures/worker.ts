/** The worker-thread entry of the figure pool: one BLAS thread per worker, then one cell per task. */
import { setThreads } from '../../backend/select';
import { runFigureTrial } from './figure_trial';

setThreads(1);

export default runFigureTrial;
