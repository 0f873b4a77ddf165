/** Estimation (Takakura & Suzuki 2023): estimators of smooth targets, rate experiments, their plots and jobs. */
export { choleskySolve } from './cholesky';
export { plotRates } from './plot_rates';
export { rateExperiment, RateExperimentOptions, RateExperimentResult, summarizeTrials, trialJobs } from './rate_experiment';
export { basisLevels, fitSieve, SieveFit, SieveLevel, SieveOptions, sievePredict, sieveRisk } from './sieve';
export { fitLogLogSlope, RiskPoint, SlopeFit } from './slope';
export { ESTIMATORS, EstimatorName, RateTarget, runTrial, TrialJob, TrialResult } from './trial';
export { fitErmTransformer, ErmFit, importanceCandidates, offsetCandidates, Selection } from './erm_transformer';
export {
  FIGURE_ESTIMATORS, FigureArm, FigureEstimator, FigureEstimatorSummary, figureJobs, FIGURES, FigureJob, FigurePoint,
  FigurePreset, FigureResult, FigureRunOptions, plotFigure, runFigure, runFigureTrial, summarizeFigure,
  summarizePoints,
} from './figures/index';
export { fitKernelRidge, KernelRidgeFit } from './kernel_ridge';
export { fitKnn, KnnFit } from './knn';
