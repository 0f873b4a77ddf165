/** The named figures, each a declarative preset, and what runs and draws them. */
import { dimensionFigure } from './dimension';
import { importanceFigure } from './importance';
import { FigurePreset } from './preset';

/** Every named figure, by name. */
export const FIGURES: Readonly<Record<'dimension' | 'importance', FigurePreset>> = { dimension: dimensionFigure, importance: importanceFigure };

export { runFigureTrial } from './figure_trial';
export { plotFigure } from './plot_figure';
export { FIGURE_ESTIMATORS, FigureArm, FigureEstimator, FigureJob, FigurePoint, FigurePreset } from './preset';
export { figureJobs, FigureEstimatorSummary, FigureResult, FigureRunOptions, runFigure, summarizeFigure, summarizePoints } from './run_figure';
