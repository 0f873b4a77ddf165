/** Estimation (Takakura & Suzuki 2023): estimators of smooth targets, rate experiments, their plots and jobs. */
export { choleskySolve } from './cholesky';
export { plotRates } from './plot_rates';
export { rateExperiment, RateExperimentOptions, RateExperimentResult, summarizeTrials, trialJobs } from './rate_experiment';
export { basisLevels, fitSieve, SieveFit, SieveLevel, SieveOptions, sieveRisk } from './sieve';
export { fitLogLogSlope, RiskPoint, SlopeFit } from './slope';
export { ESTIMATORS, EstimatorName, RateTarget, runTrial, TrialJob, TrialResult } from './trial';
