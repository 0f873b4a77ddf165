/**
 * γ-smooth function classes (Okumoto & Suzuki 2022): the trigonometric basis, dyadic blocks, γ, counts, a†, targets, the
 * norm parameters p, θ and the rate they give, C_mix, and the level-T network's size.
 */
export { block } from './block';
export { mixedConstant } from './c_mix';
export { activeCoordinates, basisCount } from './count';
export { effectiveSmoothness, Gamma, gamma, isotropicRateExponent, rateExponent, SmoothnessKind } from './gamma';
export { networkSize, NetworkSize, NetworkSizeOptions, SizeEntry } from './network_size';
export { NormParameters, rate, Rate, RateOptions } from './rate';
export { sampleTarget, SmoothTarget, TargetOptions } from './target';
export { trigBasis } from './trig_basis';
export { smoothnessWarnings, SmoothnessWarning } from './warnings';
