/** γ-smooth function classes (Okumoto & Suzuki 2022): the trigonometric basis, dyadic blocks, γ, counts, a†, targets. */
export { block } from './block';
export { activeCoordinates, basisCount } from './count';
export { effectiveSmoothness, Gamma, gamma, isotropicRateExponent, rateExponent, SmoothnessKind } from './gamma';
export { sampleTarget, SmoothTarget, TargetOptions } from './target';
export { trigBasis } from './trig_basis';
export { smoothnessWarnings, SmoothnessWarning } from './warnings';
